using System.Threading.Channels;

namespace XiP.Gateway.Apis;

/// <summary>The wait for the next event of a server-sent event stream, with keep-alive comments while it is quiet.</summary>
internal static class EventKeepAlive
{
    private static readonly byte[] Comment = ": keep-alive\n\n"u8.ToArray();

    /// <summary>The next event from <paramref name="events"/>; null once the client has gone or the events have ended.</summary>
    public static async Task<T?> NextAsync<T>(ChannelReader<T> events, Stream body, TimeSpan keepAlive, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(keepAlive);
                try
                {
                    return await events.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // A comment keeps proxies from closing an idle connection. SseItem cannot carry one, so it is
                    // written here, between two events: SseFormatter flushes each event whole before asking for the next.
                    await body.WriteAsync(Comment, cancellationToken);
                    await body.FlushAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            // the events are over (a deleted subscription): the stream ends
            return null;
        }
    }
}
