using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using XiP.Contracts;
using XiP.Contracts.Live;

namespace XiP.Client;

public sealed partial class XiPClient
{
    /// <summary>Creates a subscription: <paramref name="request"/>'s book kept priced on its live market.</summary>
    public Task<SubscriptionCreated> CreateSubscriptionAsync(SubscriptionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<SubscriptionCreated>(HttpMethod.Post, "v1/subscriptions", Json(request), cancellationToken);

    /// <summary>Every trade's values and the totals at the subscription's current market version.</summary>
    public Task<SubscriptionView> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken = default) =>
        SendAsync<SubscriptionView>(HttpMethod.Get, $"v1/subscriptions/{Segment(subscriptionId)}", null, cancellationToken);

    /// <summary>
    /// Follows a subscription's updates until <paramref name="cancellationToken"/> is cancelled. The first update (and the
    /// first after a reconnect) is the whole state, every trade in <see cref="SubscriptionUpdateData.Changed"/>; versions never
    /// go back, and may jump where the server coalesced ticks. A dropped connection is reconnected with <c>Last-Event-ID</c>, up to
    /// <see cref="XiPClientOptions.MaxReconnectAttempts"/> times in a row without a new update; then it throws an <see cref="HttpRequestException"/>.
    /// </summary>
    public async IAsyncEnumerable<SubscriptionUpdateData> WatchSubscriptionAsync(string subscriptionId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? lastEventId = null;
        var attempts = 0;
        var connected = false;
        TimeSpan? retry = null;
        while (true)
        {
            var response = await ConnectEventsAsync($"v1/subscriptions/{Segment(subscriptionId)}/events", lastEventId, reconnecting: connected && attempts < _options.MaxReconnectAttempts, cancellationToken);
            if (response is not null)
            {
                connected = true;
                using (response)
                {
                    var parser = SseParser.Create(await response.Content.ReadAsStreamAsync(cancellationToken), ParseUpdate);
                    await using var items = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                    while (await TryMoveNextAsync(items, cancellationToken))
                    {
                        lastEventId = parser.LastEventId is { Length: > 0 } named ? named : lastEventId;
                        if (items.Current.Data is { } update)
                        {
                            attempts = 0;
                            yield return update;
                        }
                    }

                    retry = parser.ReconnectionInterval == Timeout.InfiniteTimeSpan ? retry : parser.ReconnectionInterval;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (++attempts > _options.MaxReconnectAttempts)
            {
                throw new HttpRequestException(
                    HttpRequestError.ResponseEnded,
                    $"The event stream of subscription '{subscriptionId}' ended, {attempts} times in a row.");
            }

            await Task.Delay(retry ?? _options.ReconnectDelay, cancellationToken);
        }
    }

    /// <summary>The data of an <c>update</c> event; null for any other event, which is skipped.</summary>
    private static SubscriptionUpdateData? ParseUpdate(string eventType, ReadOnlySpan<byte> data) =>
        eventType == "update"
            ? JsonSerializer.Deserialize<SubscriptionUpdateData>(data, ContractJson.Options) ?? throw new JsonException("An 'update' event carried no data.")
            : null;
}
