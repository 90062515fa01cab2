using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using XiP.Abstractions;
using XiP.Abstractions.Runs;
using XiP.Contracts;
using Rest = XiP.Contracts.Runs;

namespace XiP.Gateway.Apis;

/// <summary>
/// <c>GET /v1/runs/{id}/events</c>: Server-Sent Events from the run's Orleans stream. The current state
/// goes out first (so a client reconnecting with Last-Event-ID, or connecting after the end, misses
/// nothing: progress is cumulative), then every newer event, then the terminal one closes the stream.
/// </summary>
/// <remarks>
/// Ids only increase for a client, across reconnects: an event's id is the run's sequence, or one more than the
/// last id the client saw (its Last-Event-ID, then this connection's own) when that is larger, as after a failover
/// that restarted the run's sequence or a reconnect before the run moved on.
/// </remarks>
public static class RunEvents
{
    public static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> StreamAsync(
        string runId, HttpContext context, IClusterClient cluster, IOptions<GatewayOptions> options, EventStreamLeases leases)
    {
        if (!ResourceIds.IsValid(runId) || await cluster.GetGrain<IRiskRunGrain>(runId).GetSnapshotAsync() is not { } run)
        {
            return RunsApi.NotFound(runId);
        }

        if (!RunAccess.MayRead(Security.Caller.Of(context), run))
        {
            return RunAccess.NotEntitled(runId);
        }

        if (leases.TryOpen(context, "GET /v1/runs/{runId}", out var resumedAfter) is { } refused)
        {
            return refused;
        }

        return TypedResults.ServerSentEvents(Follow(runId, cluster, context.Response.Body, options.Value.EventKeepAlive, resumedAfter));
    }

    private static async IAsyncEnumerable<SseItem<string>> Follow(
        string runId, IClusterClient cluster, Stream body, TimeSpan keepAlive, long lastId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var events = Channel.CreateUnbounded<RunProgress>(new UnboundedChannelOptions { SingleReader = true });
        var stream = cluster.GetStreamProvider(ProviderNames.Streams).GetStream<RunProgress>(StreamId.Create(RunStreams.Namespace, runId));

        // subscribe before reading the state, so nothing falls between the two
        var subscription = await stream.SubscribeAsync((e, _) => events.Writer.WriteAsync(e, cancellationToken).AsTask());
        try
        {
            // the run was there a moment ago; one purged since then ends the stream like a dropped connection
            if (await cluster.GetGrain<IRiskRunGrain>(runId).GetSnapshotAsync() is not { } status)
            {
                yield break;
            }

            var last = status.Sequence;
            yield return Item(new RunProgress(runId, status.State, status.Total, status.Done, status.Failed, status.Sequence), ref lastId);
            if (status.IsTerminal)
            {
                yield break;
            }

            while (await EventKeepAlive.NextAsync(events.Reader, body, keepAlive, cancellationToken) is { } next)
            {
                if (next.Sequence <= last && !next.IsTerminal)
                {
                    continue;
                }

                last = Math.Max(last, next.Sequence);
                yield return Item(next, ref lastId);
                if (next.IsTerminal)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    /// <summary>The event for <paramref name="progress"/>: named by status, an id above <paramref name="lastId"/> (which it becomes), data as the contract's JSON.</summary>
    private static SseItem<string> Item(RunProgress progress, ref long lastId)
    {
        lastId = Math.Max(progress.Sequence, lastId + 1);
        var name = progress.Status switch
        {
            RunState.Completed => "completed",
            RunState.Failed => "failed",
            RunState.Cancelled => "cancelled",
            _ => "progress",
        };

        // the contract's JSON options decide these bytes, not whichever the host gives ServerSentEventsResult
        var data = JsonSerializer.Serialize(
            new Rest.RunEventData(progress.RunId, progress.Status.ToContract(), progress.Total, progress.Done, progress.Failed), ContractJson.Options);
        return new SseItem<string>(data, name) { EventId = lastId.ToString(CultureInfo.InvariantCulture) };
    }
}
