using Orleans.Concurrency;

namespace XiP.Abstractions.Placement;

/// <summary>
/// The cluster's placement as the platform team sees and steers it (key <see cref="GrainKeys.Singleton"/>): each
/// silo's roles and size as it published them, and which silos are drained (take no new compute batches).
/// </summary>
[Alias("xip.IClusterPlacementGrain")]
public interface IClusterPlacementGrain : IGrainWithIntegerKey
{
    /// <summary>The active and joining silos with their roles, cores, memory and whether they are drained.</summary>
    [Alias("Silos"), ReadOnly]
    Task<List<SiloPlacement>> SilosAsync();

    /// <summary>The drained silos (<c>ip:port@generation</c>).</summary>
    [Alias("Drained"), ReadOnly]
    Task<HashSet<string>> DrainedAsync();

    /// <summary>Drains (<paramref name="drained"/>) or undrains a silo; false when no such silo is in the cluster.</summary>
    [Alias("SetDrained")]
    Task<bool> SetDrainedAsync(string silo, bool drained);
}

/// <summary>A silo as placement sees it.</summary>
[GenerateSerializer, Immutable, Alias("xip.SiloPlacement")]
public sealed record SiloPlacement(
    [property: Id(0)] string Address,
    [property: Id(1)] string[] Roles,
    [property: Id(2)] int Cores,
    [property: Id(3)] long? Memory,
    [property: Id(4)] bool Drained);
