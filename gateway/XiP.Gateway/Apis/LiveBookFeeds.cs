using Orleans.Streams;
using XiP.Abstractions;
using XiP.Abstractions.Live;

namespace XiP.Gateway.Apis;

/// <summary>
/// This gateway's one stream subscription per live book, shared by every event stream open on it: the cluster delivers
/// each update to the gateway once, and the gateway hands it to each reader's <see cref="CoalescedUpdates"/>. A
/// hundred dashboards on one book cost the silos what one does.
/// </summary>
public sealed class LiveBookFeeds(IClusterClient cluster)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Feed> _feeds = new(StringComparer.Ordinal);

    /// <summary>Starts handing <paramref name="definition"/>'s live book's updates to <paramref name="reader"/>; returns once the stream is subscribed.</summary>
    /// <returns>What stops it: disposing it removes the reader, and the last reader's leaving ends the stream subscription.</returns>
    internal async Task<IAsyncDisposable> JoinAsync(SubscriptionDefinition definition, CoalescedUpdates reader)
    {
        var key = LiveBooks.Key(definition);
        Feed feed;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(key, out feed!))
            {
                _feeds[key] = feed = new Feed(this, key);
                feed.Subscribed = SubscribeAsync(feed);
            }

            feed.Readers = [.. feed.Readers, reader];
        }

        var membership = new Membership(feed, reader);
        try
        {
            await feed.Subscribed;
        }
        catch
        {
            await membership.DisposeAsync();
            throw;
        }

        return membership;
    }

    private Task<StreamSubscriptionHandle<SubscriptionUpdate>> SubscribeAsync(Feed feed) =>
        cluster.GetStreamProvider(ProviderNames.Streams)
            .GetStream<SubscriptionUpdate>(StreamId.Create(SubscriptionStreams.Namespace, feed.Key))
            .SubscribeAsync((update, _) =>
            {
                // readers only fold the update into what they hold: nothing here waits on a client
                foreach (var reader in Volatile.Read(ref feed.Readers))
                {
                    reader.Post(update);
                }

                return Task.CompletedTask;
            });

    private async ValueTask LeaveAsync(Feed feed, CoalescedUpdates reader)
    {
        lock (_gate)
        {
            feed.Readers = [.. feed.Readers.Where(r => r != reader)];
            if (feed.Readers.Length > 0 || !_feeds.Remove(feed.Key))
            {
                return;
            }
        }

        // the next reader of this live book makes a feed of its own, so this one can end outside the lock
        try
        {
            await (await feed.Subscribed).UnsubscribeAsync();
        }
        catch (Exception)
        {
            // never subscribed, or the cluster is gone: there is nothing left to end
        }
    }

    private sealed class Feed(LiveBookFeeds owner, string key)
    {
        public LiveBookFeeds Owner { get; } = owner;

        public string Key { get; } = key;

        public CoalescedUpdates[] Readers = [];

        public Task<StreamSubscriptionHandle<SubscriptionUpdate>> Subscribed { get; set; } = null!;
    }

    private sealed class Membership(Feed feed, CoalescedUpdates reader) : IAsyncDisposable
    {
        private int _left;

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref _left, 1) == 0 ? feed.Owner.LeaveAsync(feed, reader) : ValueTask.CompletedTask;
    }
}
