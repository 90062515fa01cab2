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
/// Every subscription to the same book, live market and measures reads this one pricing and its one stream.
/// </summary>
/// <remarks>
/// Only what it prices and its members are persisted; the book's trades and their values are priced again when the
/// grain activates. A trade stored in or changed in the book reaches it through <see cref="IBookSubscriptionsGrain"/>
/// and is priced at the version the others are at. Calls are not interleaved, so each update's changes are relative to
/// the one published before it.
/// </remarks>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-live-book")]
public sealed class LiveBookGrain(
    [PersistentState("live-book", ProviderNames.GrainState)] IPersistentState<LiveBookState> state) : Grain, ILiveBookGrain
{
    private List<TradeSpec>? _trades;
    private int[] _tradeVersions = [];
    private TradeResult[] _results = [];
    private TradeDependencies? _dependencies;
    private BookTotals? _totals;
    private MarketDataSpec? _market;
    private long _version;
    private long _sequence;

    private bool Live => state.State.Members.Count > 0;

    async Task<bool> ILiveBookGrain.JoinAsync(string subscriptionId, SubscriptionDefinition definition)
    {
        if (!Live)
        {
            // the first member starts the live book: the market and the book tell it of their changes from now on
            if (!await GrainFactory.GetGrain<ILiveMarketGrain>(definition.LiveMarket).SubscribeAsync(this.GetPrimaryKeyString()))
            {
                return false;
            }

            await GrainFactory.GetGrain<IBookSubscriptionsGrain>(definition.Book).AddAsync(this.GetPrimaryKeyString());
            (state.State.LiveMarket, state.State.Book, state.State.Measures) = (definition.LiveMarket, definition.Book, definition.Measures);
        }

        if (state.State.Members.Add(subscriptionId))
        {
            await state.WriteStateAsync();
        }

        return true;
    }

    async Task ILiveBookGrain.LeaveAsync(string subscriptionId)
    {
        if (!state.State.Members.Remove(subscriptionId))
        {
            return;
        }

        var (liveMarket, book) = (state.State.LiveMarket!, state.State.Book!);
        try
        {
            if (Live)
            {
                await state.WriteStateAsync();
            }
            else
            {
                await GrainFactory.GetGrain<ILiveMarketGrain>(liveMarket).UnsubscribeAsync(this.GetPrimaryKeyString());
                await GrainFactory.GetGrain<IBookSubscriptionsGrain>(book).RemoveAsync(this.GetPrimaryKeyString());
                await state.ClearStateAsync();
            }
        }
        catch
        {
            // not stored as gone: still a member, so the delete can be tried again
            state.State.Members.Add(subscriptionId);
            throw;
        }

        // the deleted subscription's open event streams close; the others' go on
        await Stream.OnNextAsync(new SubscriptionUpdate(_version, [], _totals?.Current() ?? [], ++_sequence, Ended: subscriptionId));
        if (!Live)
        {
            state.State = new LiveBookState();
            _trades = null;
            DeactivateOnIdle();
        }
    }

    async Task<SubscriptionView?> ILiveBookGrain.GetAsync()
    {
        if (!Live)
        {
            return null;
        }

        await RefreshAsync();
        return new SubscriptionView(_version, _totals?.Current() ?? [], [.. _results], _sequence);
    }

    async Task ILiveBookGrain.MarketChangedAsync(long version)
    {
        if (Live && (version > _version || _trades is null))
        {
            await RefreshAsync();
        }
    }

    async Task ILiveBookGrain.BookChangedAsync()
    {
        // nothing priced yet: the first read loads the book as it is then
        if (!Live || _trades is null || _market is null)
        {
            return;
        }

        // trades kept at the same version keep their values; new and changed ones are priced at the market version
        // the others are at, so every value is still POST /v1/price's on that version's market
        var stored = await GrainFactory.GetGrain<IBookGrain>(state.State.Book!).GetSpecsAsync();
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _trades.Count; i++)
        {
            before[_trades[i].Id] = i;
        }

        var results = new TradeResult[stored.Trades.Count];
        var positions = new List<int>();
        for (var i = 0; i < stored.Trades.Count; i++)
        {
            if (before.TryGetValue(stored.Trades[i].Id, out var old) && _tradeVersions[old] == stored.Versions[i])
            {
                results[i] = _results[old];
            }
            else
            {
                positions.Add(i);
            }
        }

        // nothing new or changed, and nothing left the book: there is nothing to tell
        var kept = stored.Trades.Count - positions.Count;
        if (positions.Count == 0 && kept == _trades.Count)
        {
            return;
        }

        var changed = new List<TradeResult>();
        if (positions.Count > 0)
        {
            var request = new PriceRequest(_market, positions.ConvertAll(i => stored.Trades[i]), state.State.Measures);
            var priced = await GrainFactory.GetGrain<IPricingGrain>(GrainKeys.StatelessWorker).PriceAsync(request);
            for (var k = 0; k < positions.Count; k++)
            {
                results[positions[k]] = priced.Results[k];
                changed.Add(priced.Results[k]);
            }
        }

        Load(stored);
        _results = results;
        _totals = new BookTotals(_results, state.State.Measures);
        await PublishAsync(changed);
    }

    /// <summary>Brings the values up to the live market's current version and publishes what changed.</summary>
    private async Task RefreshAsync()
    {
        if (await GrainFactory.GetGrain<ILiveMarketGrain>(state.State.LiveMarket!).GetAsync() is not { } live || live.Version == _version && _trades is not null)
        {
            return;
        }

        if (_trades is null)
        {
            Load(await GrainFactory.GetGrain<IBookGrain>(state.State.Book!).GetSpecsAsync());
            _results = new TradeResult[_trades!.Count];
            _totals = null;
            _market = null;
        }

        var positions = _dependencies!.Dependents(_market is null ? null : MarketPatching.Changes(_market, live.MarketData));

        var changed = new List<TradeResult>();
        if (positions.Count > 0)
        {
            var request = new PriceRequest(live.MarketData, positions.ConvertAll(i => _trades[i]), state.State.Measures);
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

        if (_totals is null)
        {
            _totals = new BookTotals(_results, state.State.Measures);
        }
        else
        {
            _totals.Changed(_results, positions);
        }

        _market = live.MarketData;
        _version = live.Version;
        await PublishAsync(changed);
    }

    private void Load(BookTrades stored)
    {
        _trades = stored.Trades;
        _tradeVersions = stored.Versions;
        _dependencies = new TradeDependencies(stored.Trades);
    }

    private IAsyncStream<SubscriptionUpdate> Stream => this.GetStreamProvider(ProviderNames.Streams)
        .GetStream<SubscriptionUpdate>(StreamId.Create(SubscriptionStreams.Namespace, this.GetPrimaryKeyString()));

    private Task PublishAsync(List<TradeResult> changed) =>
        Stream.OnNextAsync(new SubscriptionUpdate(_version, changed, _totals!.Current(), ++_sequence));

    // bit for bit: a value that moved by the last bit moved
    private static bool SameValues(TradeResult a, TradeResult b) =>
        a.Values.Count == b.Values.Count
        && a.Values.All(v => b.Values.TryGetValue(v.Key, out var w) && BitConverter.DoubleToInt64Bits(v.Value) == BitConverter.DoubleToInt64Bits(w))
        && a.Errors.Count == b.Errors.Count
        && a.Errors.All(e => b.Errors.TryGetValue(e.Key, out var f) && e.Value == f);
}
