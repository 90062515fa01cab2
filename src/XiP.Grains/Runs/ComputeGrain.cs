using System.Diagnostics;
using Orleans.Placement;
using Orleans.Runtime.Placement;
using XiP.Abstractions;
using XiP.Abstractions.Runs;
using XiP.Grains.Mapping;
using XiP.Grains.Placement;
using XiP.Pricing.Columnar;
using XiP.Results;
using XiP.Telemetry;

namespace XiP.Grains.Runs;

/// <summary>
/// Values one batch of a run on whichever silo it lands: the batch's trades are one stored block of the run, the
/// markets come from the silo's cache (calibrated, shocked and tabled once per silo, not once per batch), the
/// kernels run over whole columns per market (<see cref="ColumnarValuation"/>), and the values are written as one
/// block per measure, so a retried batch overwrites what an earlier attempt wrote. One activation per dispatched
/// batch (see <see cref="GrainKeys.ComputeBatch"/>), placed where the run's placement hint says (Orleans' resource-optimized placement among compute silos without one), gone once done.
/// </summary>
[ResourceOptimizedPlacement]
[SiloRole(SiloRoles.Compute)]
[GrainType("xip-compute")]
public sealed class ComputeGrain(RunMarketCache markets, ResultStore results, IBatchFaultInjector faults, ILocalSiloDetails silo) : Grain, IComputeGrain
{
    async Task<BatchResult> IComputeGrain.ComputeAsync(BatchWork work, CancellationToken cancellationToken)
    {
        // the run's hint placed this activation; the calls made from here place their own targets
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        try
        {
            return await ComputeAsync(work, cancellationToken);
        }
        finally
        {
            // one batch per activation: it goes once this call has returned
            DeactivateOnIdle();
        }
    }

    private async Task<BatchResult> ComputeAsync(BatchWork work, CancellationToken cancellationToken)
    {
        await faults.BeforeComputeAsync(work.RunId, work.BatchIndex, work.Attempt, cancellationToken);
        var runMarkets = await markets.GetAsync(work.MarketDataId, work.ScenarioSetId);
        var trades = await results.ReadTradesAsync(work.RunId, work.BatchIndex, cancellationToken);
        var measures = work.Measures.Select(WireMapper.ToMeasure).ToList();

        // the kernels run off the grain's scheduler, so a long batch does not hold the silo's turn
        using var values = await Task.Run(
            () => ColumnarValuation.Run(runMarkets.Markets, trades, 0, trades.Count, measures, SummationBlocks.Size, cancellationToken), cancellationToken);

        // a cancelled run writes nothing more: the run grants every write, and a cancel waits for the granted ones
        cancellationToken.ThrowIfCancellationRequested();
        var run = GrainFactory.GetGrain<IRiskRunGrain>(work.RunId);
        if (!await run.BeginWriteAsync(work.BatchIndex))
        {
            throw new OperationCanceledException($"run {work.RunId} no longer takes results.");
        }

        try
        {
            await WriteAsync(work, values);
        }
        finally
        {
            await run.EndWriteAsync(work.BatchIndex);
        }

        var valuations = (long)trades.Count * runMarkets.Markets.Count * values.Measures.Count;
        var failedValuations = values.FailedValuations;
        XiPTelemetry.Valuations.Add(valuations - failedValuations);
        return new BatchResult(work.BatchIndex, work.FirstTrade / SummationBlocks.Size, values.PvBlockSums, valuations, failedValuations, values.FailedTrades, silo.SiloAddress.ToParsableString());
    }

    private async Task WriteAsync(BatchWork work, BatchValues values)
    {
        using var activity = XiPTelemetry.Source.StartActivity(XiPTelemetry.StoreWriteSpan);
        activity?.SetTag("xip.store.records", values.Trades * values.Measures.Count);
        var started = Stopwatch.GetTimestamp();
        var ok = false;
        try
        {
            await results.WriteValuesAsync(work.RunId, work.BatchIndex, values, CancellationToken.None);
            ok = true;
        }
        finally
        {
            XiPTelemetry.StoreWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, XiPTelemetry.Outcome(ok));
        }
    }
}
