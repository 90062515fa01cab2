using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime.Placement;
using Orleans.Streams;
using XiP.Abstractions;
using XiP.Abstractions.Runs;
using XiP.Contracts;
using XiP.Grains.Placement;
using XiP.Pricing.Columnar;
using XiP.Results;
using XiP.Telemetry;
using XiP.Trades;

namespace XiP.Grains.Runs;

/// <summary>
/// A risk run's lifecycle. Submission admits the run (<see cref="RunAdmission"/>) and stores its portfolio once,
/// block by block in run order, with the results it will have; the run then keeps a window of batches in flight
/// on the compute grains (<see cref="BatchScheduler{TSilo}"/>: which batch next, where, retried how often), adds
/// up the PV block sums in block order (<see cref="RunTotals"/>), publishes progress on the run's stream and ends
/// with a summary. Reentrant so status and cancel are served while batches run; every state change happens
/// between awaits on the grain's own scheduler.
/// <para>
/// The state is checkpointed as batches finish and when the activation is deactivated (a graceful shutdown), so a
/// new activation elsewhere resumes with what was merged; what was in flight is computed again and overwrites the
/// same result blocks. <see cref="RunWatchdog"/> reactivates a run whose silo died without one.
/// </para>
/// </summary>
[Reentrant]
[SiloRole(SiloRoles.Control)]
[GrainType("xip-risk-run")]
public sealed partial class RiskRunGrain(
    [PersistentState("risk-run", ProviderNames.GrainState)] IPersistentState<RiskRunState> saved,
    IOptions<RunOptions> options,
    ResultStore results,
    ITradeStore trades,
    TimeProvider clock,
    ILocalSiloDetails silo,
    ComputeSilos computeSilos,
    IOptions<PlacementOptions> placement,
    ILogger<RiskRunGrain> logger) : Grain, IRiskRunGrain
{
    private readonly RunOptions _options = options.Value;
    private readonly PlacementOptions _placement = placement.Value;
    private CancellationTokenSource? _cancel;
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

    // keeps this activation's compute keys apart from an earlier activation's (and from a purged run's under the same id)
    private string _dispatcher = NewDispatcher();

    // how long the stores have been failing (batches or the run's own writes)
    private readonly StoreOutageWatch _outage = new(options.Value, clock);

    // the purge under way: a submission under the same id waits for it, then finds the id free
    private Task? _purge;

    // the submission being admitted, if any: the next waits for it (see SubmitAsync)
    private Task<RunSubmission>? _submitting;

    // set from a run's turn to a terminal state until that end is saved and registered: until then it is not purged, and
    // callers still see the state it ends from (a client that sees the end may purge the run or count on its finish time)
    private bool _ending;
    private RunState _endingFrom;

    private bool Ended => Saved.Status is RunState.Completed or RunState.Failed or RunState.Cancelled;

    private RiskRunState Saved => saved.State;

    private string RunId => this.GetPrimaryKeyString();

    private int Markets => Saved.Scenarios + 1;

    private int Batches => Saved.TradesPerBatch > 0 ? (Saved.TradeCount + Saved.TradesPerBatch - 1) / Saved.TradesPerBatch : 0;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Saved.Request is null || Saved.Status is not (RunState.Pending or RunState.Running))
        {
            return;
        }

        if (Saved.TradeCount == 0)
        {
            // stored by a version of XiP that kept the portfolio in the run's state: its inputs are not where this one reads them
            await FinishAsync(RunState.Failed, "the run was submitted to an earlier version of XiP and cannot be resumed by this one; submit it again.");
            return;
        }

        // a run whose silo went away resumes where its last checkpoint left it
        Saved.Resumes++;
        LogResumed(logger, RunId, Saved.DoneBatches.Count, silo.SiloAddress);
        Start();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A graceful shutdown (or any deactivation) of an unfinished run: stop merging here and save what was merged,
        // so the next activation starts from it. Batches still in flight write their results and ask this run for
        // leave to do so; that call activates the run on another silo, which computes them again (same keys, same
        // values). Nothing failed, so nothing counts as a retry.
        _handedOver = true;
        _heartbeat?.Dispose();
        if (Saved.Request is not null && !Snapshot().IsTerminal)
        {
            LogHandedOver(logger, RunId, Saved.DoneBatches.Count, reason.ReasonCode);
            await SaveAsync();
        }
    }

    async Task<RunSubmission> IRiskRunGrain.SubmitAsync(RunRequest request)
    {
        // The grain is reentrant: submissions of one clientRunId that arrive together would each find no run yet and
        // each start one. They go one at a time; those after the first are answered by what it stored.
        while (_submitting is { IsCompleted: false } underway)
        {
            await ((Task)underway).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        var submitting = AdmitAsync(request);
        _submitting = submitting;
        return await submitting;
    }

    private async Task<RunSubmission> AdmitAsync(RunRequest request)
    {
        if (_purge is { } purge)
        {
            // a failed purge left the run as it was, and this submission is then answered by it
            await purge.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        var requestJson = Canonical.Of(request);
        if (Saved.Request is not null)
        {
            return Saved.RequestJson == requestJson
                ? RunSubmission.Accepted(Snapshot())
                : RunSubmission.Refused(RunRefusal.Conflict, "clientRunId", "a different run was already submitted with this clientRunId.");
        }

        var resolveWatch = Stopwatch.StartNew();
        var (scenarios, refusal) = await RunAdmission.CheckAsync(request, GrainFactory, _options);
        if (refusal is not null)
        {
            return refusal;
        }

        // a place among the runs at once is taken before the portfolio is loaded: a busy platform refuses a run before it costs anything
        var now = clock.GetUtcNow();
        var registry = GrainFactory.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key);
        if (!await registry.TryAdmitAsync(RunId, now, _options.MaxConcurrentRuns))
        {
            return RunSubmission.Refused(RunRefusal.Busy, string.Empty, $"{_options.MaxConcurrentRuns} runs are already pending or running; submit again when one has finished.");
        }

        var markets = scenarios + 1;
        var tradesPerBatch = TradesPerBatch(markets, request.Measures.Count);
        TradeTable? portfolio;
        try
        {
            (portfolio, refusal) = await RunAdmission.LoadAsync(request, GrainFactory, trades, _options);
            if (refusal is not null)
            {
                await registry.ForgetAsync(RunId);
                return refusal;
            }

            var manifest = RunManifest.Create(RunId, portfolio!.Count, tradesPerBatch, markets, request.Measures);
            await results.WriteRunAsync(manifest, portfolio);
        }
        catch
        {
            // admitted but never stored: the place it took is given back, and the run is not listed
            await registry.ForgetAsync(RunId);
            throw;
        }

        Saved.Request = request;
        Saved.RequestJson = requestJson;
        Saved.Status = RunState.Pending;
        Saved.SubmittedAt = now;
        Saved.TradeCount = portfolio.Count;
        Saved.Books = [.. portfolio.BookIndex.Distinct().Select(i => portfolio.Books[i]).Order(StringComparer.Ordinal)];
        Saved.Scenarios = scenarios;
        Saved.TradesPerBatch = tradesPerBatch;
        Saved.Totals = new double[markets];
        Saved.ResolveSeconds = resolveWatch.Elapsed.TotalSeconds;
        Saved.TraceParent = Activity.Current?.Id;
        try
        {
            await SaveAsync();
        }
        catch
        {
            // not stored, so not submitted: the id stays free and the registry's place is given back (its results are overwritten by a later submission)
            saved.State = new RiskRunState();
            await registry.ForgetAsync(RunId);
            throw;
        }

        XiPTelemetry.Runs.Add(1, XiPTelemetry.Status("submitted"));
        Start();
        return RunSubmission.Accepted(Snapshot());
    }

    Task<RunSnapshot?> IRiskRunGrain.GetSnapshotAsync() => Task.FromResult(Saved.Request is null ? null : Snapshot());

    async Task<RunSnapshot?> IRiskRunGrain.CancelAsync()
    {
        if (Saved.Request is null)
        {
            return null;
        }

        if (!Ended)
        {
            _endingFrom = Saved.Status;
            _ending = true;
            Saved.Status = RunState.Cancelled;
            _cancel?.Cancel();
            await WaitForWritesAsync();
            await FinishAsync(RunState.Cancelled, error: null);
        }

        // a purge may have followed the terminal event before this answers
        return Saved.Request is null ? null : Snapshot();
    }

    async Task<RunPurge> IRiskRunGrain.PurgeAsync()
    {
        if (_purge is { } underway)
        {
            await underway;
            return RunPurge.Purged;
        }

        if (Saved.Request is null)
        {
            return RunPurge.Unknown;
        }

        if (!Snapshot().IsTerminal || _ending)
        {
            return RunPurge.Unfinished;
        }

        _purge = PurgeFinishedAsync();
        try
        {
            await _purge;
        }
        finally
        {
            _purge = null;
        }

        LogPurged(logger, RunId);
        return RunPurge.Purged;
    }

    Task<bool> IRiskRunGrain.BeginWriteAsync(int batchIndex)
    {
        if (Saved.Request is null || Ended || _cancel is not { IsCancellationRequested: false })
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

    // Results first, then the state, then the registry entry: a purge that stops part-way leaves a run that can be purged
    // again (or a registry entry of an unknown run, which retention forgets), never results that nothing leads to.
    private async Task PurgeFinishedAsync()
    {
        // a cancelled run's batches stop and its granted writes land before the results go, or they would outlive them
        if (_execution is { } execution)
        {
            // it has ended however it ended: a run that failed to record its end is still purged
            await execution.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        await WaitForWritesAsync();
        await results.DeleteRunAsync(RunId);
        await _writeLock.WaitAsync();
        try
        {
            await saved.ClearStateAsync();
        }
        finally
        {
            _writeLock.Release();
        }

        // whatever the storage provider leaves in memory, the id is now free for a new run
        saved.State = new RiskRunState();
        _execution = null;
        _publishedSequence = -1;
        _dirty = false;
        _dispatcher = NewDispatcher();
        await GrainFactory.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).ForgetAsync(RunId);
    }

    private static string NewDispatcher() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>Trades per batch: about <see cref="RunOptions.ValuationsPerBatch"/> valuations, in whole summation blocks.</summary>
    private int TradesPerBatch(int markets, int measures)
    {
        var perTrade = Math.Max(1, markets * measures);
        return Math.Max(1, _options.ValuationsPerBatch / perTrade / SummationBlocks.Size) * SummationBlocks.Size;
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
        ActivityContext.TryParse(Saved.TraceParent, null, isRemote: true, out var submission);
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
            if (!Snapshot().IsTerminal && !_handedOver)
            {
                await FinishAsync(RunState.Failed, e.Message);
            }
        }
        finally
        {
            _heartbeat?.Dispose();
        }
    }

    private async Task FinishAsync(RunState status, string? error)
    {
        if (!_ending)
        {
            _endingFrom = Saved.Status;
            _ending = true;
        }

        try
        {
            Saved.Status = status;
            Saved.Error = error;
            Saved.CompletedAt = clock.GetUtcNow();
            Saved.Sequence++;
            await OnceStoresAnswerAsync(SaveAsync);
            XiPTelemetry.Runs.Add(1, XiPTelemetry.Status(status.ToString().ToLowerInvariant()));
            _dirty = false;
            await OnceStoresAnswerAsync(() => GrainFactory.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).UpdateAsync(RunId, status));
        }
        finally
        {
            _ending = false;
        }

        // the end is recorded: a client that sees this event may purge the run at once (the event's data is taken first)
        await OnceStoresAnswerAsync(() => PublishAsync(force: true));
    }

    // The end of a run must be recorded even when it comes while a store is down: the write is tried again until the
    // store answers or StoreOutageTolerance has passed.
    private async Task OnceStoresAnswerAsync(Func<Task> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                _outage.Answered();
                return;
            }
            catch (Exception e) when (StoreOutages.Is(e) && !_outage.Outlasted(out _))
            {
                LogEndWaitsForStore(logger, RunId, e.GetBaseException().Message);
                await Task.Delay(_outage.DelayAfter(attempt));
            }
        }
    }



    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await PublishAsync(force: false);
        var now = clock.GetUtcNow();
        if (_dirty && !_handedOver && !Ended && now - _lastCheckpoint >= _options.CheckpointInterval)
        {
            _lastCheckpoint = now;
            _dirty = false;
            try
            {
                await SaveAsync();
            }
            catch (Exception e) when (StoreOutages.Is(e))
            {
                // the next heartbeat checkpoints again; until then a resumed run redoes a little more
                _dirty = true;
            }
        }
    }

    private async Task SaveAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            await saved.WriteStateAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task PublishAsync(bool force)
    {
        if (!force && Saved.Sequence == _publishedSequence)
        {
            return;
        }

        _publishedSequence = Saved.Sequence;
        var status = Snapshot();
        var stream = this.GetStreamProvider(ProviderNames.Streams).GetStream<RunProgress>(StreamId.Create(RunStreams.Namespace, RunId));
        await stream.OnNextAsync(new RunProgress(RunId, status.State, status.Total, status.Done, status.Failed, Saved.Sequence));
    }

    private RunSnapshot Snapshot()
    {
        var request = Saved.Request!;
        var total = (long)Saved.TradeCount * Markets * request.Measures.Count;
        var elapsed = Saved.StartedAt is { } started ? ((Saved.CompletedAt ?? clock.GetUtcNow()) - started).TotalSeconds : 0.0;
        var summaryError = Saved.SummaryError ?? (Saved.Summary is { } summary ? RunSummaries.WhyNotFinite(summary) : null);
        return new RunSnapshot
        {
            RunId = RunId,
            State = _ending ? _endingFrom : Saved.Status,
            Total = total,
            Done = Saved.Done,
            Failed = Saved.Failed,
            SubmittedAt = Saved.SubmittedAt,
            StartedAt = Saved.StartedAt,
            CompletedAt = Saved.CompletedAt,
            Summary = summaryError is null ? Saved.Summary : null,
            SummaryError = summaryError,
            Shape = new RunShape(Saved.TradeCount, Saved.Scenarios, request.Measures.Count, Batches),
            RetriedBatches = Saved.RetriedBatches,
            Error = Saved.Error,
            Request = request,
            Timings = new RunTimings(Saved.ResolveSeconds, Saved.ComputeSeconds, elapsed, elapsed > 0 ? Saved.Done / elapsed : 0.0),
            Sequence = Saved.Sequence,
            Host = silo.SiloAddress.ToParsableString(),
            Resumes = Saved.Resumes,
            WaitingFor = _waitingFor,
            BatchesBySilo = new Dictionary<string, int>(Saved.BatchesBySilo, StringComparer.Ordinal),
            Books = Saved.Books,
            SubmittedBy = request.SubmittedBy,
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} resumes on {Silo} with {DoneBatches} batches done.")]
    private static partial void LogResumed(ILogger logger, string runId, int doneBatches, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} hands over with {DoneBatches} batches done ({Reason}).")]
    private static partial void LogHandedOver(ILogger logger, string runId, int doneBatches, DeactivationReasonCode reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} purged with its results.")]
    private static partial void LogPurged(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} waits for an active silo with the '{Role}' role.")]
    private static partial void LogWaitingForRole(ILogger logger, string runId, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the drained silos could not be read ({Reason}); the last known stand.")]
    private static partial void LogDrainedUnknown(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: batch {Batch} waits for a store that is down ({Reason}); it is sent again without using up an attempt.")]
    private static partial void LogBatchWaitsForStore(ILogger logger, string runId, int batch, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: recording its end waits for a store that is down ({Reason}).")]
    private static partial void LogEndWaitsForStore(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: batch {Batch} was refused by a stopping silo ({Reason}); it goes elsewhere, not counted as a retry.")]
    private static partial void LogBatchHandedBack(ILogger logger, string runId, int batch, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: batch {Batch} attempt {Attempt} failed ({Reason}); retrying.")]
    private static partial void LogBatchRetried(ILogger logger, string runId, int batch, int attempt, string? reason);
}
