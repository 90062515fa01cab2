using System.Diagnostics;
using Orleans.Runtime.Placement;
using XiP.Abstractions;
using XiP.Abstractions.Placement;
using XiP.Abstractions.Runs;
using XiP.Grains.Placement;
using XiP.Telemetry;

namespace XiP.Grains.Runs;

/// <summary>
/// How a run sends its batches: to the compute silos that are active and not drained, each up to its capacity
/// (<see cref="BatchScheduler{TSilo}"/>, <see cref="PlacementOptions"/>), waiting for one when there is none.
/// </summary>
public sealed partial class RiskRunGrain
{
    // drained silos as last asked of the cluster's placement grain
    private HashSet<string> _drained = new(StringComparer.Ordinal);

    // silos where a batch of this run was computed since this activation started: they hold its markets
    private readonly HashSet<SiloAddress> _holdsMarkets = [];

    // the role the run waits for while no silo has it
    private string? _waitingFor;

    private static readonly TimeSpan PlacementRefresh = TimeSpan.FromSeconds(1);

    private async Task RunBatchesAsync(CancellationToken cancellationToken)
    {
        var totals = new RunTotals(Markets, Saved.Totals, Saved.FoldedBatches, Saved.PendingSums);
        Saved.Totals = totals.Totals;
        var computeWatch = Stopwatch.StartNew();
        var scheduler = new BatchScheduler<SiloAddress>(Batches, Saved.DoneBatches, _options.MaxAttempts, _options.BatchTimeout);
        var inFlight = new Dictionary<Task<BatchResult>, (int Batch, int Attempt)>();
        while (scheduler.HasWork)
        {
            var silos = await AvailableSilosAsync();
            if (silos.Count == 0 && inFlight.Count == 0)
            {
                if (!await WaitForComputeAsync(cancellationToken))
                {
                    return;
                }

                continue;
            }

            if (Saved.Status == RunState.Pending)
            {
                await StartRunningAsync();
            }

            foreach (var (next, target) in NextBatches(scheduler, silos, cancellationToken))
            {
                inFlight[DispatchAsync(scheduler, next.Batch, next.Attempt, target, cancellationToken)] = next;
            }

            if (inFlight.Count == 0)
            {
                // every silo with room failed a batch a moment ago: look again shortly
                await Task.Delay(PlacementRefresh, cancellationToken);
                continue;
            }

            var finished = await Task.WhenAny(inFlight.Keys);
            var (doneBatch, doneAttempt) = inFlight[finished];
            inFlight.Remove(finished);
            if (_handedOver)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (finished.IsCompletedSuccessfully)
            {
                _outage.Answered();
                scheduler.Completed();
                Merge(finished.Result, totals);
                continue;
            }

            var reason = finished.Exception?.GetBaseException().Message ?? "timed out";
            var outage = StoreOutages.Is(finished.Exception);
            if (outage && _outage.Outlasted(out var waited))
            {
                await FinishAsync(RunState.Failed, $"a store was unavailable for {waited.TotalSeconds:0} s (XiP:Runs:StoreOutageTolerance); the last error: {reason}");
                return;
            }

            if (StoppingSilos.Refused(finished.Exception))
            {
                scheduler.Failed(doneBatch, doneAttempt, count: false);
                LogBatchHandedBack(logger, RunId, doneBatch, reason);
                continue;
            }

            if (!scheduler.Failed(doneBatch, doneAttempt, count: !outage))
            {
                await FinishAsync(RunState.Failed, $"batch {doneBatch} failed {_options.MaxAttempts} times; the last error: {reason}");
                return;
            }

            if (outage)
            {
                LogBatchWaitsForStore(logger, RunId, doneBatch, reason);
            }
            else
            {
                LogBatchRetried(logger, RunId, doneBatch, doneAttempt, reason);
            }

            Saved.RetriedBatches++;
            XiPTelemetry.BatchRetries.Add(1);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_handedOver)
        {
            return;
        }

        Saved.ComputeSeconds += computeWatch.Elapsed.TotalSeconds;
        (Saved.Summary, Saved.SummaryError) = RunSummaries.Form([.. totals.Totals], Saved.FailedTrades);
        await FinishAsync(RunState.Completed, error: null);
    }

    private async Task StartRunningAsync()
    {
        Saved.Status = RunState.Running;
        Saved.StartedAt ??= clock.GetUtcNow();
        Saved.Sequence++;
        _dirty = true;
        await GrainFactory.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).UpdateAsync(RunId, RunState.Running);
        await PublishAsync(force: true);
    }

    // The batches to send now and where, as the placement policy says.
    private IEnumerable<((int Batch, int Attempt) Next, SiloAddress? Target)> NextBatches(
        BatchScheduler<SiloAddress> scheduler, List<(SiloAddress Silo, int Capacity)> silos, CancellationToken cancellationToken)
    {
        var window = silos.Sum(s => s.Capacity);
        var preferred = _placement.MarketAffinity ? _holdsMarkets : (IReadOnlySet<SiloAddress>)new HashSet<SiloAddress>();
        if (_placement.BatchPolicy == BatchPolicy.Even && silos.Count > 0)
        {
            var share = (window + silos.Count - 1) / silos.Count;
            silos = [.. silos.Select(s => (s.Silo, share))];
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            if (_placement.BatchPolicy == BatchPolicy.ResourceOptimized)
            {
                if (!scheduler.TryNextUnplaced(window, out var unplaced))
                {
                    yield break;
                }

                yield return (unplaced, null);
            }
            else
            {
                if (!scheduler.TryNext(silos, preferred, clock.GetUtcNow(), out var next, out var target))
                {
                    yield break;
                }

                yield return (next, target);
            }
        }
    }

    // The compute silos to send to: active, not drained. The placement grain is asked before every dispatch, so a silo
    // drained a moment ago gets nothing new; its answer is a set of a few addresses, cheap beside a batch.
    private async Task<List<(SiloAddress Silo, int Capacity)>> AvailableSilosAsync()
    {
        try
        {
            _drained = await GrainFactory.GetGrain<IClusterPlacementGrain>(GrainKeys.Singleton).DrainedAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // the placement grain's silo may be going away: the last known drained silos stand until it answers
            LogDrainedUnknown(logger, RunId, e.GetBaseException().Message);
        }

        return computeSilos.Available(_drained);
    }

    // No compute silo is active: the run says what it waits for, and fails once RoleWaitTimeout has passed. False when it ended.
    private async Task<bool> WaitForComputeAsync(CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        _waitingFor = SiloRoles.Compute;
        Saved.Sequence++;
        await PublishAsync(force: true);
        LogWaitingForRole(logger, RunId, SiloRoles.Compute);
        try
        {
            while ((await AvailableSilosAsync()).Count == 0)
            {
                if (waiting.Elapsed >= _placement.RoleWaitTimeout)
                {
                    await FinishAsync(RunState.Failed, $"no active silo with the '{SiloRoles.Compute}' role for {_placement.RoleWaitTimeout} (XiP:Placement:RoleWaitTimeout); start one ({SiloRoles.Setting}) or undrain one, and submit the run again.");
                    return false;
                }

                await Task.Delay(PlacementRefresh, cancellationToken);
            }
        }
        finally
        {
            _waitingFor = null;
            Saved.Sequence++;
        }

        return true;
    }

    private async Task<BatchResult> DispatchAsync(BatchScheduler<SiloAddress> scheduler, int batch, int attempt, SiloAddress? target, CancellationToken cancellationToken)
    {
        if (attempt > 1)
        {
            await Task.Delay(_outage.DelayAfter(attempt - 1), cancellationToken);
        }

        var request = Saved.Request!;
        var first = batch * Saved.TradesPerBatch;
        var count = Math.Min(Saved.TradesPerBatch, Saved.TradeCount - first);
        var work = new BatchWork(RunId, batch, first, request.MarketDataId, request.ScenarioSetId, request.Measures, attempt);

        // the batch span is current while the call is made, so the compute grain's spans are its children
        using var activity = XiPTelemetry.Source.StartActivity(XiPTelemetry.BatchSpan);
        activity?.SetTag("xip.run.id", RunId).SetTag("xip.batch.index", batch).SetTag("xip.batch.attempt", attempt).SetTag("xip.batch.trades", count);
        activity?.SetTag("xip.batch.silo", target?.ToParsableString());
        XiPTelemetry.BatchesInFlight.Add(1);
        XiPTelemetry.BatchesDispatched.Add(1, XiPTelemetry.Silo(target?.ToParsableString() ?? "any"));
        var started = Stopwatch.GetTimestamp();
        var ok = false;
        var storeDown = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.BatchTimeout);
        try
        {
            var compute = GrainFactory.GetGrain<IComputeGrain>(GrainKeys.ComputeBatch(RunId, _dispatcher, batch, attempt));

            // the hint places the new activation; it is taken out again so it rides on no other call
            if (target is not null)
            {
                RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
            }

            Task<BatchResult> call;
            try
            {
                call = compute.ComputeAsync(work, timeout.Token);
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            var result = await call;
            ok = true;
            return result;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            storeDown = StoreOutages.Is(e);
            throw;
        }
        finally
        {
            // a store that is down fails every silo alike: that is no reason to pass this one over
            scheduler.Returned(target, failed: !ok && !storeDown, clock.GetUtcNow());
            XiPTelemetry.BatchesInFlight.Add(-1);
            XiPTelemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, XiPTelemetry.Outcome(ok));
        }
    }

    private void Merge(BatchResult result, RunTotals totals)
    {
        if (!Saved.DoneBatches.Add(result.BatchIndex))
        {
            return;
        }

        totals.Add(result.BatchIndex, result.BlockPvSums);
        Saved.FoldedBatches = totals.Folded;
        Saved.Done += result.Valuations;
        Saved.Failed += result.FailedValuations;
        Saved.FailedTrades += result.FailedTrades;
        if (result.Silo is { } silo)
        {
            Saved.BatchesBySilo[silo] = Saved.BatchesBySilo.GetValueOrDefault(silo) + 1;
            _holdsMarkets.Add(SiloAddress.FromParsableString(silo));
            XiPTelemetry.BatchesCompleted.Add(1, XiPTelemetry.Silo(silo));
        }

        Saved.Sequence++;
        _dirty = true;
    }
}
