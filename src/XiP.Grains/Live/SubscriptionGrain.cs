using Orleans.Streams;
using XiP.Abstractions;
using XiP.Abstractions.Live;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Abstractions.Trades;
using XiP.Grains.Placement;

namespace XiP.Grains.Live;

/// <summary>
/// A book priced live: on each change of its live market, only the trades that read a changed equity or curve are
/// priced again, through the same pricing worker as <c>POST /v1/price</c>, so every value is the bits that call gives.
/// </summary>
/// <remarks>
/// Only the definition is persisted; the book's trades and their values are priced again when the grain activates. A
/// trade stored in or changed in the book reaches it through <see cref="IBookSubscriptionsGrain"/> and is priced at the
/// version the others are at. Calls are not interleaved, so each update's changes are relative to the one published before it.
/// </remarks>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-subscription")]
public sealed class SubscriptionGrain(
    [PersistentState("subscription", ProviderNames.GrainState)] IPersistentState<SubscriptionState> state) : Grain, ISubscriptionGrain
{
    private List<TradeSpec>? _trades;
    private int[] _tradeVersions = [];
    private TradeResult[] _results = [];
    private MarketDataSpec? _market;
    private long _version;
    private long _sequence;

    async Task<bool> ISubscriptionGrain.CreateAsync(SubscriptionDefinition definition)
    {
        if (state.State.Definition is { } existing)
        {
            // ids are the gateway's fresh GUIDs: a second create is the same call retried
            return existing.LiveMarket == definition.LiveMarket;
        }

        if (!await GrainFactory.GetGrain<ILiveMarketGrain>(definition.LiveMarket).SubscribeAsync(this.GetPrimaryKeyString()))
        {
            return false;
        }

        state.State.Definition = definition;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IBookSubscriptionsGrain>(definition.Book).AddAsync(this.GetPrimaryKeyString());
        return true;
    }

    async Task<SubscriptionView?> ISubscriptionGrain.GetAsync()
    {
        if (state.State.Definition is null)
        {
            return null;
        }

        await RefreshAsync();
        return new SubscriptionView(_version, BookTotals.Of(_results, state.State.Definition.Measures), [.. _results], _sequence);
    }

    Task<SubscriptionDefinition?> ISubscriptionGrain.GetDefinitionAsync() => Task.FromResult(state.State.Definition);

    async Task<bool> ISubscriptionGrain.DeleteAsync()
    {
        if (state.State.Definition is not { } definition)
        {
            return false;
        }

        await GrainFactory.GetGrain<ILiveMarketGrain>(definition.LiveMarket).UnsubscribeAsync(this.GetPrimaryKeyString());
        await GrainFactory.GetGrain<IBookSubscriptionsGrain>(definition.Book).RemoveAsync(this.GetPrimaryKeyString());
        await state.ClearStateAsync();
        state.State = new SubscriptionState();
        _trades = null;
        DeactivateOnIdle();
        return true;
    }

    async Task ISubscriptionGrain.MarketChangedAsync()
    {
        if (state.State.Definition is not null)
        {
            await RefreshAsync();
        }
    }

    async Task ISubscriptionGrain.BookChangedAsync()
    {
        // nothing priced yet: the first read loads the book as it is then
        if (state.State.Definition is not { } definition || _trades is null || _market is null)
        {
            return;
        }

        // trades kept at the same version keep their values; new and changed ones are priced at the market version
        // the others are at, so every value is still POST /v1/price's on that version's market
        var stored = await GrainFactory.GetGrain<IBookGrain>(definition.Book).GetTradesAsync();
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _trades.Count; i++)
        {
            before[_trades[i].Id] = i;
        }

        var results = new TradeResult[stored.Count];
        var positions = new List<int>();
        for (var i = 0; i < stored.Count; i++)
        {
            if (before.TryGetValue(stored[i].Trade.Id, out var old) && _tradeVersions[old] == stored[i].Version)
            {
                results[i] = _results[old];
            }
            else
            {
                positions.Add(i);
            }
        }

        // nothing new or changed, and nothing left the book: there is nothing to tell
        var kept = stored.Count - positions.Count;
        if (positions.Count == 0 && kept == _trades.Count)
        {
            return;
        }

        var changed = new List<TradeResult>();
        if (positions.Count > 0)
        {
            var request = new PriceRequest(_market, positions.ConvertAll(i => stored[i].Trade), definition.Measures);
            var priced = await GrainFactory.GetGrain<IPricingGrain>(GrainKeys.StatelessWorker).PriceAsync(request);
            for (var k = 0; k < positions.Count; k++)
            {
                results[positions[k]] = priced.Results[k];
                changed.Add(priced.Results[k]);
            }
        }

        _trades = stored.ConvertAll(t => t.Trade);
        _tradeVersions = [.. stored.Select(t => t.Version)];
        _results = results;
        await PublishAsync(changed, definition);
    }

    /// <summary>Brings the values up to the live market's current version and publishes what changed.</summary>
    private async Task RefreshAsync()
    {
        var definition = state.State.Definition!;
        if (await GrainFactory.GetGrain<ILiveMarketGrain>(definition.LiveMarket).GetAsync() is not { } live || live.Version == _version && _trades is not null)
        {
            return;
        }

        if (_trades is null)
        {
            var stored = await GrainFactory.GetGrain<IBookGrain>(definition.Book).GetTradesAsync();
            _trades = stored.ConvertAll(t => t.Trade);
            _tradeVersions = [.. stored.Select(t => t.Version)];
            _results = new TradeResult[_trades.Count];
            _market = null;
        }

        var changes = _market is null ? null : MarketPatching.Changes(_market, live.MarketData);
        var positions = new List<int>();
        for (var i = 0; i < _trades.Count; i++)
        {
            if (_results[i] is null || TradeDependencies.DependsOn(_trades[i], changes))
            {
                positions.Add(i);
            }
        }

        var changed = new List<TradeResult>();
        if (positions.Count > 0)
        {
            var request = new PriceRequest(live.MarketData, positions.ConvertAll(i => _trades[i]), definition.Measures);
            var priced = await GrainFactory.GetGrain<IPricingGrain>(GrainKeys.StatelessWorker).PriceAsync(request);
            for (var k = 0; k < positions.Count; k++)
            {
                var i = positions[k];
                if (_results[i] is not { } before || !SameValues(before, priced.Results[k]))
                {
                    changed.Add(priced.Results[k]);
                }

                _results[i] = priced.Results[k];
            }
        }

        _market = live.MarketData;
        _version = live.Version;
        await PublishAsync(changed, definition);
    }

    private Task PublishAsync(List<TradeResult> changed, SubscriptionDefinition definition) =>
        this.GetStreamProvider(ProviderNames.Streams)
            .GetStream<SubscriptionUpdate>(StreamId.Create(SubscriptionStreams.Namespace, this.GetPrimaryKeyString()))
            .OnNextAsync(new SubscriptionUpdate(_version, changed, BookTotals.Of(_results, definition.Measures), ++_sequence));

    // bit for bit: a value that moved by the last bit moved
    private static bool SameValues(TradeResult a, TradeResult b) =>
        a.Values.Count == b.Values.Count
        && a.Values.All(v => b.Values.TryGetValue(v.Key, out var w) && BitConverter.DoubleToInt64Bits(v.Value) == BitConverter.DoubleToInt64Bits(w))
        && a.Errors.Count == b.Errors.Count
        && a.Errors.All(e => b.Errors.TryGetValue(e.Key, out var f) && e.Value == f);
}
