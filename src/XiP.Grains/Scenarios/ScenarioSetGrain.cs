using XiP.Abstractions;
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
            return string.Equals(state.State.CanonicalJson, canonical, StringComparison.Ordinal) ? StoreOutcome.Unchanged : StoreOutcome.Conflict;
        }

        state.State.Set = set;
        state.State.CanonicalJson = canonical;
        state.State.StoredAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        return StoreOutcome.Created;
    }

    Task<ScenarioSetSpec?> IScenarioSetGrain.GetAsync() => Task.FromResult(state.State.Set);
}
