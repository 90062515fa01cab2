namespace XiP.Grains.Placement;

/// <summary>Where work goes (configuration section <c>XiP:Placement</c>); see the README's "Placement tuning".</summary>
public sealed class PlacementOptions
{
    public const string SectionName = "XiP:Placement";

    /// <summary>Compute batches of one run in flight per core of a compute silo: a silo with 4× the cores takes 4× the batches.</summary>
    public int BatchesPerCore { get; set; } = 2;

    /// <summary>How a run spreads its batches over the compute silos.</summary>
    public BatchPolicy BatchPolicy { get; set; } = BatchPolicy.Capacity;

    /// <summary>
    /// Among compute silos with room, prefer those that already computed a batch of the run (and so hold its calibrated
    /// and shocked markets) over those that would build them first.
    /// </summary>
    public bool MarketAffinity { get; set; } = true;

    /// <summary>How long a run waits for an active compute silo (<c>waitingFor: "compute"</c>) before it fails saying so.</summary>
    public TimeSpan RoleWaitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Placement strategy by grain type (<c>xip-risk-run</c>, <c>xip-book</c>, …): <c>random</c>, <c>prefer-local</c>,
    /// <c>activation-count</c>, <c>resource-optimized</c> or <c>hash</c>. Grain types not named keep their own; the
    /// stateless workers (pricing, result reads) always run where they are called.
    /// </summary>
    public Dictionary<string, string> Strategies { get; set; } = [];
}

/// <summary>How a run spreads its compute batches.</summary>
public enum BatchPolicy
{
    /// <summary>Each compute silo takes up to <see cref="PlacementOptions.BatchesPerCore"/> × its cores; the least loaded for its size goes first.</summary>
    Capacity,

    /// <summary>
    /// Every compute silo takes the same share of the run's window (the sum of the silos' capacities), whatever its
    /// size: what XiP did before capacity-aware dispatch, kept to measure against.
    /// </summary>
    Even,

    /// <summary>No hint: Orleans' resource-optimized placement chooses each batch's silo from CPU, memory and activation counts.</summary>
    ResourceOptimized,
}
