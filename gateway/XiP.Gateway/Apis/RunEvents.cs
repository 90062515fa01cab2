using System.Text.Json;
using System.Threading.Channels;
using Orleans.Streams;
using XiP.Abstractions;
using XiP.Abstractions.Runs;

namespace XiP.Gateway.Apis;

/// <summary>
/// <c>GET /v1/runs/{id}/events</c>: Server-Sent Events from the run's Orleans stream. The current state
/// goes out first (so a client reconnecting with Last-Event-ID, or connecting after the end, misses
/// nothing: progress is cumulative), then every newer event, then the terminal one closes the stream.
/// </summary>
public static class RunEvents
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(string runId, HttpContext context, IClusterClient cluster)
    {
        var cancellationToken = context.RequestAborted;
        var events = Channel.CreateUnbounded<RunProgress>(new UnboundedChannelOptions { SingleReader = true });
        var stream = cluster.GetStreamProvider(ProviderNames.Streams).GetStream<RunProgress>(StreamId.Create(RunStreams.Namespace, runId));
        if (!ResourceIds.IsValid(runId))
        {
            await RunsApi.NotFound(runId).ExecuteAsync(context);
            return;
        }

        // subscribe before reading the state, so nothing falls between the two
        var subscription = await stream.SubscribeAsync((e, _) => events.Writer.WriteAsync(e, cancellationToken).AsTask());
        try
        {
            var status = await cluster.GetGrain<IRiskRunGrain>(runId).GetSnapshotAsync();
            if (status is null)
            {
                await RunsApi.NotFound(runId).ExecuteAsync(context);
                return;
            }

            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            var last = status.Sequence;
            await WriteAsync(context.Response, new RunProgress(runId, status.State, status.Total, status.Done, status.Failed, status.Sequence), cancellationToken);
            if (status.IsTerminal)
            {
                return;
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(KeepAlive);
                RunProgress next;
                try
                {
                    next = await events.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // a comment line keeps proxies from closing an idle connection
                    await context.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                if (next.Sequence <= last && !next.IsTerminal)
                {
                    continue;
                }

                last = Math.Max(last, next.Sequence);
                await WriteAsync(context.Response, next, cancellationToken);
                if (next.IsTerminal)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the client went away
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    private static async Task WriteAsync(HttpResponse response, RunProgress progress, CancellationToken cancellationToken)
    {
        var name = progress.Status switch
        {
            RunState.Completed => "completed",
            RunState.Failed => "failed",
            RunState.Cancelled => "cancelled",
            _ => "progress",
        };
        var data = JsonSerializer.Serialize(
            new { runId = progress.RunId, status = progress.Status, total = progress.Total, done = progress.Done, failed = progress.Failed },
            WireJson.Options);
        await response.WriteAsync($"id: {progress.Sequence}\nevent: {name}\ndata: {data}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
