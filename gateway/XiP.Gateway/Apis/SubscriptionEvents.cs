using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using XiP.Abstractions;
using XiP.Abstractions.Live;
using XiP.Contracts;
using XiP.Contracts.Live;

namespace XiP.Gateway.Apis;

/// <summary>
/// <c>GET /v1/subscriptions/{id}/events</c>: Server-Sent Events from the subscription's Orleans stream. The whole
/// state goes out first, as an update in which every trade changed, so a client connecting or reconnecting (with
/// Last-Event-ID or not) starts from a consistent state; then each newer update, in the order the subscription made them.
/// </summary>
/// <remarks>Ids only increase for a client across reconnects: the market version, or one more than the last id seen when that is larger.</remarks>
public static class SubscriptionEvents
{
    private const string EventName = "update";

    // every subscriber of a live book is handed the same update: its JSON is written once, not once per stream
    private static readonly ConditionalWeakTable<SubscriptionUpdate, string> Written = [];

    public static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> StreamAsync(
        string subscriptionId, HttpContext context, IClusterClient cluster, IOptions<GatewayOptions> options, EventStreamLeases leases, LiveBookFeeds feeds)
    {
        var (refused, definition) = await SubscriptionsApi.OpenAsync(subscriptionId, context, cluster);
        if (refused is not null)
        {
            return refused;
        }

        if (leases.TryOpen(context, "GET /v1/subscriptions/{id}", out var resumedAfter) is { } busy)
        {
            return busy;
        }

        return TypedResults.ServerSentEvents(Follow(subscriptionId, definition!, cluster, feeds, context.Response.Body, options.Value.EventKeepAlive, resumedAfter));
    }

    private static async IAsyncEnumerable<SseItem<string>> Follow(
        string subscriptionId, SubscriptionDefinition definition, IClusterClient cluster, LiveBookFeeds feeds, Stream body, TimeSpan keepAlive, long lastId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = new CoalescedUpdates(subscriptionId);

        // subscribe before reading the state, so no update falls between the two
        var membership = await feeds.JoinAsync(definition, updates);
        try
        {
            if (await cluster.GetGrain<ISubscriptionGrain>(subscriptionId).GetAsync() is not { } state)
            {
                yield break;
            }

            updates.Start(state.Version, state.Sequence);
            yield return Item(new SubscriptionUpdate(state.Version, state.Trades, state.Totals, state.Sequence), ref lastId);
            while (await EventKeepAlive.NextAsync(updates, body, keepAlive, cancellationToken) is { } next)
            {
                yield return Item(next, ref lastId);
            }
        }
        finally
        {
            await membership.DisposeAsync();
        }
    }

    private static SseItem<string> Item(SubscriptionUpdate update, ref long lastId)
    {
        lastId = Math.Max(update.Version, lastId + 1);
        return new SseItem<string>(Written.GetValue(update, Write), EventName) { EventId = lastId.ToString(CultureInfo.InvariantCulture) };
    }

    private static string Write(SubscriptionUpdate update) => JsonSerializer.Serialize(
        new SubscriptionUpdateData(update.Version, update.Changed.ConvertAll(SubscriptionsApi.ToContract), update.Totals), ContractJson.Options);
}
