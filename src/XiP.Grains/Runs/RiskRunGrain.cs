using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime.Placement;
using Orleans.Streams;
using XiP.Abstractions;
using XiP.Abstractions.Diagnostics;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Results;
using XiP.Abstractions.Runs;
using XiP.Abstractions.Scenarios;
using XiP.Abstractions.Trades;
using XiP.Pricing.Risk;

namespace XiP.Grains.Runs;

/// <summary>
/// A risk run's lifecycle: resolves the portfolio, splits trades into batches of whole summation
/// blocks, keeps a bounded window of batches in flight on the compute grains, retries a failed or
/// timed-out batch a bounded number of times, adds up the results in a fixed order, and publishes
/// progress on the run's stream. Reentrant so status and cancel are served while batches run; every
/// state change happens between awaits on the grain's own scheduler.
/// <para>
/// Batches are spread over the cluster's active silos, each sent to the one with the fewest of this run's
/// batches in flight (a placement hint on a fresh compute activation per dispatch); a silo where a batch
/// failed is passed over for a while. The state is checkpointed as batches finish and when the activation
/// is deactivated (a graceful shutdown), so a new activation elsewhere resumes with what was merged; what was
/// in flight is computed again and overwrites the same result keys. <see cref="RunWatchdog"/> reactivates a
/// run whose silo died without one.
/// </para>
/// </summary>
[Reentrant]
[GrainType("xip-risk-run")]
public sealed partial class RiskRunGrain(
    [PersistentState("risk-run", ProviderNames.GrainState)] IPersistentState<RiskRunState> state,
    IOptions<RunOptions> options,
    IResultStore results,
    TimeProvider clock,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    ILogger<RiskRunGrain> logger) : Grain, IRiskRunGrain
{
    private readonly RunOptions _options = options.Value;
    private CancellationTokenSource? _cancel;
    private List<VersionedTrade>? _trades;
    private Task? _execution;
    private IDisposable? _heartbeat;
    private long _publishedSequence = -1;
    private DateTimeOffset _lastCheckpoint;
    private bool _dirty;
    private int _activeWrites;
    private TaskCompletionSource? _writesDrained;

    // one state write at a time: checkpoints, the final write and the hand-over interleave otherwise
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // set when the activation goes away with the run unfinished: nothing more is merged or written here
    private bool _handedOver;

    // spreading batches: this activation's batches in flight per silo, silos where one recently failed,
    // and a tag that keeps this activation's compute keys apart from an earlier activation's
    private readonly Dictionary<SiloAddress, int> _inFlightBySilo = [];
    private readonly Dictionary<SiloAddress, DateTimeOffset> _failedAt = [];
    private readonly string _dispatcher = Guid.NewGuid().ToString("N")[..8];
    private int _dispatches;

    private RiskRunState State => state.State;

    private string RunId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // a run whose silo went away resumes where its last checkpoint left it
        if (State.Request is not null && State.Status is RunState.Pending or RunState.Running)
        {
            State.Resumes++;
            LogResumed(logger, RunId, State.DoneBatches.Count, silo.SiloAddress);
            Start();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A graceful shutdown (or any deactivation) of an unfinished run: stop merging here and save what
        // was merged, so the next activation starts from it. Batches still in flight write their results and
        // ask this run for leave to do so; that call activates the run on another silo, which computes them
        // again (same keys, same values). Nothing failed, so nothing counts as a retry.
        _handedOver = true;
        _heartbeat?.Dispose();
        if (State.Request is not null && !Status().IsTerminal)
        {
            LogHandedOver(logger, RunId, State.DoneBatches.Count, reason.ReasonCode);
            await SaveAsync();
        }
    }

    async Task<RunSubmission> IRiskRunGrain.SubmitAsync(RunRequest request)
    {
        var requestJson = JsonSerializer.Serialize(request, WireJson.Options);
        if (State.Request is not null)
        {
            return State.RequestJson == requestJson
                ? RunSubmission.Accepted(Status())
                : RunSubmission.Refused(409, "clientRunId", "a different run was already submitted with this clientRunId.");
        }

        var resolveWatch = Stopwatch.StartNew();
        if (await GrainFactory.GetGrain<IMarketDataGrain>(request.MarketDataId).GetAsync() is null)
        {
            return RunSubmission.Refused(400, "marketDataId", $"no market-data snapshot '{request.MarketDataId}' is stored.");
        }

        var scenarios = 0;
        if (request.ScenarioSetId is { } setId)
        {
            if (await GrainFactory.GetGrain<IScenarioSetGrain>(setId).GetAsync() is not { } set)
            {
                return RunSubmission.Refused(400, "scenarioSetId", $"no scenario set '{setId}' is stored.");
            }

            scenarios = set.Scenarios.Count + (set.Generate?.Count ?? 0);
            if (scenarios > _options.MaxScenariosPerRun)
            {
                return RunSubmission.Refused(400, "scenarioSetId", $"the set has {scenarios} scenarios; a run may use at most {_options.MaxScenariosPerRun}.");
            }
        }

        var (trades, refusal) = await ResolveTradesAsync(request);
        if (refusal is not null)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        if (!await GrainFactory.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).TryAdmitAsync(RunId, now, _options.MaxConcurrentRuns))
        {
            return RunSubmission.Refused(429, string.Empty, $"{_options.MaxConcurrentRuns} runs are already pending or running; submit again when one has finished.");
        }

        _trades = trades;
        State.Request = request;
        State.RequestJson = requestJson;
        State.Status = RunState.Pending;
        State.SubmittedAt = now;
        State.Trades = trades!.Select(t => new TradeVersion(t.Trade.Id, t.Version)).ToList();
        State.Scenarios = scenarios;
        State.ResolveSeconds = resolveWatch.Elapsed.TotalSeconds;
        State.TraceParent = Activity.Current?.Id;
        await SaveAsync();
        XiPTelemetry.Runs.Add(1, XiPTelemetry.Status("submitted"));
        Start();
        return RunSubmission.Accepted(Status());
    }

    Task<RunStatus?> IRiskRunGrain.GetStatusAsync() => Task.FromResult(State.Request is null ? null : Status());

    async Task<RunStatus?> IRiskRunGrain.CancelAsync()
    {
        if (State.Request is null)
        {
            return null;
        }

        if (!Status().IsTerminal)
        {
            State.Status = RunState.Cancelled;
            _cancel?.Cancel();
            await WaitForWritesAsync();
            await FinishAsync(RunState.Cancelled, error: null);
        }

        return Status();
    }

    Task<bool> IRiskRunGrain.BeginWriteAsync(int batchIndex)
    {
        if (State.Request is null || Status().IsTerminal || _cancel is not { IsCancellationRequested: false })
        {
            return Task.FromResult(false);
        }

        _activeWrites++;
        return Task.FromResult(true);
    }

    Task IRiskRunGrain.EndWriteAsync(int batchIndex)
    {
        if (_activeWrites > 0 && --_activeWrites == 0)
        {
            _writesDrained?.TrySetResult();
        }

        return Task.CompletedTask;
    }

    // Granted writes finish (a compute grain lost with its silo would never report back, hence the bound).
    private async Task WaitForWritesAsync()
    {
        if (_activeWrites == 0)
        {
            return;
        }

        _writesDrained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writesDrained.Task.WaitAsync(_options.BatchTimeout).ContinueWith(_ => { }, TaskScheduler.Current);
    }

    Task<ResultPage> IRiskRunGrain.GetResultsAsync(ResultQuery query) => results.ReadAsync(query with { RunId = RunId });

    private async Task<(List<VersionedTrade>? Trades, RunSubmission? Refusal)> ResolveTradesAsync(RunRequest request)
    {
        List<VersionedTrade> trades;
        if (request.Book is { } book)
        {
            trades = await GrainFactory.GetGrain<IBookGrain>(book).GetTradesAsync();
            if (trades.Count == 0)
            {
                return (null, RunSubmission.Refused(400, "book", $"book '{book}' has no trades."));
            }
        }
        else
        {
            var ids = request.TradeIds ?? [];
            var found = new VersionedTrade?[ids.Count];
            await ForEachBoundedAsync(ids.Count, 64, async i => found[i] = await GrainFactory.GetGrain<ITradeGrain>(ids[i]).GetAsync());
            var missing = Enumerable.Range(0, ids.Count).FirstOrDefault(i => found[i] is null, -1);
            if (missing >= 0)
            {
                return (null, RunSubmission.Refused(400, $"tradeIds[{missing}]", $"no trade '{ids[missing]}' is stored."));
            }

            trades = found.Select(t => t!).ToList();
        }

        if (trades.Count > _options.MaxTradesPerRun)
        {
            return (null, RunSubmission.Refused(400, request.Book is null ? "tradeIds" : "book", $"the run has {trades.Count} trades; a run may price at most {_options.MaxTradesPerRun}."));
        }

        return (trades, null);
    }

    private void Start()
    {
        if (_execution is { IsCompleted: false })
        {
            return;
        }

        _cancel = new CancellationTokenSource();
        // keeps the activation alive while batches run, publishes throttled progress and checkpoints
        _heartbeat = this.RegisterGrainTimer(HeartbeatAsync, new GrainTimerCreationOptions(_options.ProgressInterval, _options.ProgressInterval) { KeepAlive = true, Interleave = true });
        _execution = ExecuteAsync(_cancel.Token);
    }

    private async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(State.TraceParent, null, isRemote: true, out var submission);
        using var activity = XiPTelemetry.Source.StartActivity(XiPTelemetry.RunSpan, ActivityKind.Internal, submission);
        activity?.SetTag("xip.run.id", RunId);
        try
        {
            await RunBatchesAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // CancelAsync already recorded the cancellation
        }
        catch (Exception e)
        {
            LogRunFailed(logger, e, RunId);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            if (!Status().IsTerminal && !_handedOver)
            {
                await FinishAsync(RunState.Failed, e.Message);
            }
        }
        finally
        {
            _heartbeat?.Dispose();
        }
    }

    private async Task RunBatchesAsync(CancellationToken cancellationToken)
    {
        var request = State.Request!;
        _trades ??= await ReloadTradesAsync();
        var markets = State.Scenarios + 1;
        var blockSize = SummationBlocks.Size;
        var perTrade = Math.Max(1, markets * request.Measures.Count);
        var blocksPerBatch = Math.Max(1, _options.ValuationsPerBatch / perTrade / blockSize);
        State.TradesPerBatch = blocksPerBatch * blockSize;
        var batchCount = (_trades.Count + State.TradesPerBatch - 1) / State.TradesPerBatch;
        var blocks = (_trades.Count + blockSize - 1) / blockSize;
        if (State.BlockSums.Length != blocks * markets)
        {
            State.BlockSums = new double[blocks * markets];
        }

        State.Status = RunState.Running;
        State.StartedAt ??= clock.GetUtcNow();
        _dirty = true;
        await GrainFactory.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).UpdateAsync(RunId, RunState.Running);
        await PublishAsync(force: true);

        var computeWatch = Stopwatch.StartNew();
        var pending = new Queue<(int Batch, int Attempt)>(Enumerable.Range(0, batchCount).Where(b => !State.DoneBatches.Contains(b)).Select(b => (b, 1)));
        var inFlight = new Dictionary<Task<BatchResult>, (int Batch, int Attempt)>();
        while (pending.Count > 0 || inFlight.Count > 0)
        {
            while (pending.Count > 0 && inFlight.Count < _options.MaxBatchesInFlight && !cancellationToken.IsCancellationRequested)
            {
                var (batch, attempt) = pending.Dequeue();
                inFlight[DispatchAsync(batch, attempt, cancellationToken)] = (batch, attempt);
            }

            if (inFlight.Count == 0)
            {
                break;
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
                Merge(finished.Result, markets);
                continue;
            }

            if (doneAttempt >= _options.MaxAttempts)
            {
                var reason = finished.Exception?.GetBaseException().Message ?? "timed out";
                await FinishAsync(RunState.Failed, $"batch {doneBatch} failed {doneAttempt} times; the last error: {reason}");
                return;
            }

            LogBatchRetried(logger, RunId, doneBatch, doneAttempt, finished.Exception?.GetBaseException().Message);
            State.RetriedBatches++;
            XiPTelemetry.BatchRetries.Add(1);
            pending.Enqueue((doneBatch, doneAttempt + 1));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_handedOver)
        {
            return;
        }

        State.ComputeSeconds += computeWatch.Elapsed.TotalSeconds;
        var summary = ScenarioSummaries.Build(State.BlockSums, markets);
        State.Summary = new RunSummary
        {
            PvByScenario = summary.PvByScenario,
            PnlByScenario = summary.PnlByScenario,
            Var95 = summary.Var95,
            Var99 = summary.Var99,
            Es95 = summary.Es95,
            Es99 = summary.Es99,
            FailedTrades = State.FailedTrades,
        };
        await FinishAsync(RunState.Completed, error: null);
    }

    private async Task<BatchResult> DispatchAsync(int batch, int attempt, CancellationToken cancellationToken)
    {
        if (attempt > 1)
        {
            await Task.Delay(_options.RetryDelay * (attempt - 1), cancellationToken);
        }

        var request = State.Request!;
        var first = batch * State.TradesPerBatch;
        var count = Math.Min(State.TradesPerBatch, _trades!.Count - first);
        var work = new BatchWork(RunId, batch, first, _trades.GetRange(first, count), request.MarketDataId, request.ScenarioSetId, request.Measures, attempt);

        // the batch span is current while the call is made, so the compute grain's spans are its children
        using var activity = XiPTelemetry.Source.StartActivity(XiPTelemetry.BatchSpan);
        activity?.SetTag("xip.run.id", RunId).SetTag("xip.batch.index", batch).SetTag("xip.batch.attempt", attempt).SetTag("xip.batch.trades", count);
        var target = PickSilo();
        activity?.SetTag("xip.batch.silo", target?.ToParsableString());
        XiPTelemetry.BatchesInFlight.Add(1);
        var started = Stopwatch.GetTimestamp();
        var ok = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.BatchTimeout);
        if (target is not null)
        {
            _inFlightBySilo[target] = _inFlightBySilo.GetValueOrDefault(target) + 1;
        }

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
            if (target is not null)
            {
                _failedAt[target] = clock.GetUtcNow();
            }

            throw;
        }
        finally
        {
            if (target is not null && --_inFlightBySilo[target] == 0)
            {
                _inFlightBySilo.Remove(target);
            }

            XiPTelemetry.BatchesInFlight.Add(-1);
            XiPTelemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, XiPTelemetry.Outcome(ok));
        }
    }

    // The active silo with the fewest of this run's batches in flight, in turn among equals; silos where a
    // batch failed within the batch time-out only when no other is left.
    private SiloAddress? PickSilo()
    {
        var now = clock.GetUtcNow();
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .Order()
            .ToList();
        var healthy = active.Where(s => !_failedAt.TryGetValue(s, out var failed) || now - failed >= _options.BatchTimeout).ToList();
        var candidates = healthy.Count > 0 ? healthy : active;
        if (candidates.Count == 0)
        {
            return null;
        }

        var turn = _dispatches++;
        return Enumerable.Range(0, candidates.Count)
            .Select(i => candidates[(turn + i) % candidates.Count])
            .MinBy(s => _inFlightBySilo.GetValueOrDefault(s));
    }

    private void Merge(BatchResult result, int markets)
    {
        if (!State.DoneBatches.Add(result.BatchIndex))
        {
            return;
        }

        result.BlockPvSums.CopyTo(State.BlockSums.AsSpan(result.FirstBlock * markets));
        State.Done += result.Valuations;
        State.Failed += result.FailedValuations;
        State.FailedTrades += result.FailedTrades;
        State.Sequence++;
        _dirty = true;
    }

    private async Task FinishAsync(RunState status, string? error)
    {
        State.Status = status;
        State.Error = error;
        State.CompletedAt = clock.GetUtcNow();
        State.Sequence++;
        await SaveAsync();
        XiPTelemetry.Runs.Add(1, XiPTelemetry.Status(status.ToString().ToLowerInvariant()));
        _dirty = false;
        await GrainFactory.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).UpdateAsync(RunId, status);
        await PublishAsync(force: true);
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await PublishAsync(force: false);
        var now = clock.GetUtcNow();
        if (_dirty && !_handedOver && !Status().IsTerminal && now - _lastCheckpoint >= _options.CheckpointInterval)
        {
            _lastCheckpoint = now;
            _dirty = false;
            await SaveAsync();
        }
    }

    private async Task SaveAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task PublishAsync(bool force)
    {
        if (!force && State.Sequence == _publishedSequence)
        {
            return;
        }

        _publishedSequence = State.Sequence;
        var status = Status();
        var stream = this.GetStreamProvider(ProviderNames.Streams).GetStream<RunProgress>(StreamId.Create(RunStreams.Namespace, RunId));
        await stream.OnNextAsync(new RunProgress(RunId, status.Status, status.Total, status.Done, status.Failed, State.Sequence));
    }

    private async Task<List<VersionedTrade>> ReloadTradesAsync()
    {
        var refs = State.Trades;
        var trades = new VersionedTrade[refs.Count];
        await ForEachBoundedAsync(refs.Count, 64, async i =>
            trades[i] = await GrainFactory.GetGrain<ITradeGrain>(refs[i].TradeId).GetVersionAsync(refs[i].Version)
                ?? throw new InvalidOperationException($"trade '{refs[i].TradeId}' version {refs[i].Version} is no longer stored."));
        return [.. trades];
    }

    private RunStatus Status()
    {
        var request = State.Request!;
        var markets = State.Scenarios + 1;
        var total = (long)State.Trades.Count * markets * request.Measures.Count;
        var batches = State.TradesPerBatch > 0 ? (State.Trades.Count + State.TradesPerBatch - 1) / State.TradesPerBatch : 0;
        var elapsed = State.StartedAt is { } started ? ((State.CompletedAt ?? clock.GetUtcNow()) - started).TotalSeconds : 0.0;
        return new RunStatus
        {
            RunId = RunId,
            Status = State.Status,
            Total = total,
            Done = State.Done,
            Failed = State.Failed,
            SubmittedAt = State.SubmittedAt,
            StartedAt = State.StartedAt,
            CompletedAt = State.CompletedAt,
            Summary = State.Summary,
            Shape = new RunShape(State.Trades.Count, State.Scenarios, request.Measures.Count, batches),
            RetriedBatches = State.RetriedBatches,
            Error = State.Error,
            Request = request,
            Timings = new RunTimings(State.ResolveSeconds, State.ComputeSeconds, elapsed, elapsed > 0 ? State.Done / elapsed : 0.0),
            Sequence = State.Sequence,
            Host = silo.SiloAddress.ToParsableString(),
            Resumes = State.Resumes,
        };
    }

    private static async Task ForEachBoundedAsync(int count, int parallelism, Func<int, Task> body)
    {
        for (var start = 0; start < count; start += parallelism)
        {
            var end = Math.Min(count, start + parallelism);
            await Task.WhenAll(Enumerable.Range(start, end - start).Select(body));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} resumes on {Silo} with {DoneBatches} batches done.")]
    private static partial void LogResumed(ILogger logger, string runId, int doneBatches, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} hands over with {DoneBatches} batches done ({Reason}).")]
    private static partial void LogHandedOver(ILogger logger, string runId, int doneBatches, DeactivationReasonCode reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: batch {Batch} attempt {Attempt} failed ({Reason}); retrying.")]
    private static partial void LogBatchRetried(ILogger logger, string runId, int batch, int attempt, string? reason);
}
