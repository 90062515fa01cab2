using System.Diagnostics;
using Orleans.Placement;
using Orleans.Runtime.Placement;
using XiP.Abstractions;
using XiP.Abstractions.Diagnostics;
using XiP.Abstractions.Results;
using XiP.Abstractions.Runs;
using XiP.Abstractions.Trades;
using XiP.Grains.Mapping;
using XiP.Pricing.Measures;
using XiP.Pricing.Risk;

namespace XiP.Grains.Runs;

/// <summary>
/// Values one batch of a run on whichever silo it lands: markets come from the silo's cache (calibrated
/// and shocked once per silo, not once per batch), the pricing is the numeric core's, and the results
/// are written as one upsert, so a retried batch overwrites what an earlier attempt wrote. One activation
/// per dispatched batch (see <see cref="GrainKeys.ComputeBatch"/>), placed where the run's placement hint
/// says, gone once the batch is done.
/// </summary>
[RandomPlacement]
[GrainType("xip-compute")]
public sealed class ComputeGrain(RunMarketCache markets, IResultStore results, IBatchFaultInjector faults) : Grain, IComputeGrain
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
        var trades = work.Trades.Select(t => WireMapper.ToTrade(t.Trade)).ToList();
        var measures = work.Measures.Select(WireMapper.ToMeasure).ToList();
        var valued = ScenarioValuation.Run(runMarkets.Markets, trades, measures, SummationBlocks.Size, cancellationToken);

        var records = valued.Vectors.Select(v =>
        {
            var trade = work.Trades[v.Trade];
            return new ResultRecord(work.RunId, trade.Trade.Id, MeasureNames.Of(v.Measure), Books.Of(trade.Trade), trade.Version, v.Values, v.Error);
        }).ToList();

        // a cancelled run writes nothing more: the run grants every write, and a cancel waits for the granted ones
        cancellationToken.ThrowIfCancellationRequested();
        var run = GrainFactory.GetGrain<IRiskRunGrain>(work.RunId);
        if (!await run.BeginWriteAsync(work.BatchIndex))
        {
            throw new OperationCanceledException($"run {work.RunId} no longer takes results.");
        }

        try
        {
            await WriteAsync(records);
        }
        finally
        {
            await run.EndWriteAsync(work.BatchIndex);
        }

        var failedValuations = (long)valued.Vectors.Count(v => v.Values is null) * runMarkets.Markets.Count;
        var valuations = (long)records.Count * runMarkets.Markets.Count;
        XiPTelemetry.Valuations.Add(valuations - failedValuations);
        return new BatchResult(work.BatchIndex, work.FirstTrade / SummationBlocks.Size, valued.PvBlockSums, valuations, failedValuations, valued.FailedTrades);
    }

    private async Task WriteAsync(List<ResultRecord> records)
    {
        using var activity = XiPTelemetry.Source.StartActivity(XiPTelemetry.StoreWriteSpan);
        activity?.SetTag("xip.store.records", records.Count);
        var started = Stopwatch.GetTimestamp();
        var ok = false;
        try
        {
            await results.UpsertAsync(records, CancellationToken.None);
            ok = true;
        }
        finally
        {
            XiPTelemetry.StoreWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, XiPTelemetry.Outcome(ok));
        }
    }
}
