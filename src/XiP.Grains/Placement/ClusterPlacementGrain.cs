using XiP.Abstractions;
using XiP.Abstractions.Placement;

namespace XiP.Grains.Placement;

/// <summary>
/// Which silos are drained, kept across restarts of the grain (a silo's address carries its generation, so a drained
/// silo that restarts comes back undrained), and the silos' placement facts for <c>GET /v1/cluster</c>.
/// </summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-cluster-placement")]
public sealed class ClusterPlacementGrain(
    [PersistentState("cluster-placement", ProviderNames.GrainState)] IPersistentState<ClusterPlacementState> state,
    ComputeSilos silos) : Grain, IClusterPlacementGrain
{
    public Task<List<SiloPlacement>> SilosAsync() => Task.FromResult(silos.Active()
        .Select(s => new SiloPlacement(s.Silo.ToParsableString(), [.. s.Roles], s.Cores, s.Memory, state.State.Drained.Contains(s.Silo.ToParsableString())))
        .ToList());

    public Task<HashSet<string>> DrainedAsync() => Task.FromResult(new HashSet<string>(state.State.Drained, StringComparer.Ordinal));

    public async Task<bool> SetDrainedAsync(string silo, bool drained)
    {
        if (!silos.Active().Any(s => s.Silo.ToParsableString() == silo))
        {
            return false;
        }

        // silos that are gone are forgotten, so the set stays as small as the cluster
        var active = silos.Active().Select(s => s.Silo.ToParsableString()).ToHashSet(StringComparer.Ordinal);
        state.State.Drained.RemoveWhere(d => !active.Contains(d));
        var changed = drained ? state.State.Drained.Add(silo) : state.State.Drained.Remove(silo);
        if (changed)
        {
            await state.WriteStateAsync();
        }

        return true;
    }
}

/// <summary>The persisted state of <see cref="ClusterPlacementGrain"/>.</summary>
[GenerateSerializer, Alias("xip.ClusterPlacementState")]
public sealed class ClusterPlacementState
{
    [Id(0)] public HashSet<string> Drained { get; set; } = new(StringComparer.Ordinal);
}
