namespace XiP.Abstractions.Runs;

/// <summary>Pure work on any silo: values one batch of a run and writes its results. Keyed by <see cref="GrainKeys.ComputeBatch"/>.</summary>
[Alias("xip.IComputeGrain")]
public interface IComputeGrain : IGrainWithStringKey
{
    /// <summary>Prices the batch's trades under the base and every scenario, writes one value block per measure,
    /// and returns the batch's per-scenario PV block sums.</summary>
    [Alias("Compute")]
    Task<BatchResult> ComputeAsync(BatchWork work, CancellationToken cancellationToken);
}

/// <summary>
/// One batch of a run: block <see cref="BatchIndex"/> of the run's stored trades (trades BatchIndex·n … in the run's
/// order), priced under the snapshot and every scenario of the set for the measures. Carries ids, never trades.
/// </summary>
[GenerateSerializer, Immutable, Alias("xip.batch-work")]
public sealed record BatchWork(
    [property: Id(0)] string RunId,
    [property: Id(1)] int BatchIndex,
    [property: Id(2)] int FirstTrade,
    [property: Id(4)] string MarketDataId,
    [property: Id(5)] string? ScenarioSetId,
    [property: Id(6)] List<string> Measures,
    [property: Id(7)] int Attempt);

/// <summary>
/// A batch's outcome: PV sums per summation block (<see cref="SummationBlocks.Size"/> trades each, in
/// trade order) and scenario (base first), row-major block × scenario; counts of valuations.
/// </summary>
[GenerateSerializer, Alias("xip.batch-result")]
public sealed record BatchResult(
    [property: Id(0)] int BatchIndex,
    [property: Id(1)] int FirstBlock,
    [property: Id(2)] double[] BlockPvSums,
    [property: Id(3)] long Valuations,
    [property: Id(4)] long FailedValuations,
    [property: Id(5)] int FailedTrades,
    [property: Id(6)] string? Silo = null);

/// <summary>
/// Runs add up PVs in blocks of a fixed number of trades, each summed in trade order, then the blocks
/// in block order: batches are whole blocks, so the totals are the same bits however the run is split.
/// </summary>
public static class SummationBlocks
{
    public const int Size = 64;
}
