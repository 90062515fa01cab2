using XiP.Abstractions;
using XiP.Abstractions.Live;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Grains.Placement;

namespace XiP.Grains.Live;

/// <summary>A live market, persisted: each accepted change is one version; the live books priced on it are told after it is stored.</summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-live-market")]
public sealed class LiveMarketGrain(
    [PersistentState("live-market", ProviderNames.GrainState)] IPersistentState<LiveMarketState> state) : Grain, ILiveMarketGrain
{
    async Task<LiveMarketWrite> ILiveMarketGrain.PutAsync(MarketDataSpec market)
    {
        await CheckAsync(market);
        var created = state.State.Market is null;
        return await StoreAsync(market, created);
    }

    async Task<LiveMarketWrite?> ILiveMarketGrain.PatchAsync(MarketPatch patch)
    {
        if (state.State.Market is not { } current)
        {
            return null;
        }

        var merged = MarketPatching.Merge(current, patch);
        await CheckAsync(merged);
        return await StoreAsync(merged, created: false);
    }

    Task<LiveMarketSnapshot?> ILiveMarketGrain.GetAsync() => Task.FromResult(
        state.State.Market is { } market ? new LiveMarketSnapshot(state.State.Version, market) : null);

    async Task<bool> ILiveMarketGrain.SubscribeAsync(string liveBook)
    {
        if (state.State.Market is null)
        {
            return false;
        }

        if (state.State.Subscriptions.Add(liveBook))
        {
            await state.WriteStateAsync();
        }

        return true;
    }

    async Task ILiveMarketGrain.UnsubscribeAsync(string liveBook)
    {
        if (state.State.Subscriptions.Remove(liveBook))
        {
            await state.WriteStateAsync();
        }
    }

    // every curve calibrates before a version is accepted, so no live book ever prices a market that cannot
    private Task CheckAsync(MarketDataSpec market) =>
        GrainFactory.GetGrain<IPricingGrain>(GrainKeys.StatelessWorker).CheckAsync(market);

    private async Task<LiveMarketWrite> StoreAsync(MarketDataSpec market, bool created)
    {
        var previous = (state.State.Market, state.State.Version);
        state.State.Market = market;
        state.State.Version++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // a write that failed changed nothing: the state stays what is stored
            (state.State.Market, state.State.Version) = previous;
            throw;
        }

        foreach (var liveBook in state.State.Subscriptions)
        {
            // one-way: returns at once, so a slow live book never holds back the market
            _ = GrainFactory.GetGrain<ILiveBookGrain>(liveBook).MarketChangedAsync(state.State.Version);
        }

        return new LiveMarketWrite(state.State.Version, created);
    }
}
