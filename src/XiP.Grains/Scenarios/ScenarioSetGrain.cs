using XiP.Abstractions;
using XiP.Abstractions.Catalog;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Scenarios;
using XiP.Grains.Placement;

namespace XiP.Grains.Scenarios;

/// <summary>One immutable scenario set, persisted; a different body under the same id is refused.</summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-scenario-set")]
public sealed class ScenarioSetGrain(
    [PersistentState("scenario-set", ProviderNames.GrainState)] IPersistentState<ScenarioSetState> state,
    TimeProvider clock) : Grain, IScenarioSetGrain
{
    async Task<StoreOutcome> IScenarioSetGrain.PutAsync(ScenarioSetSpec set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var canonical = Canonical.Of(set);
        if (state.State.Set is not null)
        {
            if (!string.Equals(state.State.CanonicalJson, canonical, StringComparison.Ordinal))
            {
                return StoreOutcome.Conflict;
            }

            // recorded again so a set stored before the catalog existed is listed once it is stored again
            await RecordAsync();
            return StoreOutcome.Unchanged;
        }

        state.State.Set = set;
        state.State.CanonicalJson = canonical;
        state.State.StoredAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await RecordAsync();
        return StoreOutcome.Created;
    }

    private Task RecordAsync() => GrainFactory.GetGrain<ICatalogGrain>(CatalogKinds.ScenarioSets).AddAsync(new CatalogEntry(
        this.GetPrimaryKeyString(), state.State.StoredAt, ValuationDate: null, state.State.Set!.Scenarios.Count + (state.State.Set.Generate?.Count ?? 0)));

    Task<ScenarioSetSpec?> IScenarioSetGrain.GetAsync() => Task.FromResult(state.State.Set);
}
