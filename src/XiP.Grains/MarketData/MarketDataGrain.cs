using XiP.Abstractions;
using XiP.Abstractions.Catalog;
using XiP.Abstractions.MarketData;
using XiP.Grains.Placement;

namespace XiP.Grains.MarketData;

/// <summary>One immutable market-data snapshot, persisted; a different body under the same id is refused.</summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-market-data")]
public sealed class MarketDataGrain(
    [PersistentState("market-data", ProviderNames.GrainState)] IPersistentState<MarketDataState> state,
    TimeProvider clock) : Grain, IMarketDataGrain
{
    async Task<StoreOutcome> IMarketDataGrain.PutAsync(MarketDataSpec snapshot)
    {
        var canonical = Canonical.Of(snapshot);
        if (state.State.Snapshot is not null)
        {
            if (!string.Equals(state.State.CanonicalJson, canonical, StringComparison.Ordinal))
            {
                return StoreOutcome.Conflict;
            }

            // recorded again so a snapshot stored before the catalog existed is listed once it is stored again
            await RecordAsync();
            return StoreOutcome.Unchanged;
        }

        state.State.Snapshot = snapshot;
        state.State.CanonicalJson = canonical;
        state.State.StoredAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await RecordAsync();
        return StoreOutcome.Created;
    }

    private Task RecordAsync() => GrainFactory.GetGrain<ICatalogGrain>(CatalogKinds.MarketData)
        .AddAsync(new CatalogEntry(this.GetPrimaryKeyString(), state.State.StoredAt, state.State.Snapshot!.ValuationDate, Scenarios: null));

    Task<StoredMarketData?> IMarketDataGrain.GetAsync() => Task.FromResult(
        state.State.Snapshot is { } snapshot ? new StoredMarketData(this.GetPrimaryKeyString(), snapshot, state.State.StoredAt) : null);
}
