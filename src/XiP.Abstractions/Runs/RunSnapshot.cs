namespace XiP.Abstractions.Runs;

/// <summary>Where a run is in its life.</summary>
public enum RunState
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>
/// A run as its grain answers for it (the gateway shows it as the REST contract's run status); counts are
/// valuations (trade × scenario × measure).
/// </summary>
[GenerateSerializer, Alias("xip.run-status")]
public sealed record RunSnapshot
{
    [Id(0)] public required string RunId { get; init; }

    [Id(1)] public required RunState State { get; init; }

    [Id(2)] public long Total { get; init; }

    [Id(3)] public long Done { get; init; }

    [Id(4)] public long Failed { get; init; }

    [Id(5)] public DateTimeOffset SubmittedAt { get; init; }

    [Id(6)] public DateTimeOffset? StartedAt { get; init; }

    [Id(7)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Once completed, unless it cannot be formed (then <see cref="SummaryError"/> says why).</summary>
    [Id(8)] public RunSummary? Summary { get; init; }

    /// <summary>Trades, scenarios (the base excluded), measures and batches of the run.</summary>
    [Id(9)] public RunShape? Shape { get; init; }

    /// <summary>Batches that had to be computed again after a failure or a time-out.</summary>
    [Id(10)] public int RetriedBatches { get; init; }

    /// <summary>Why the run failed, when it did.</summary>
    [Id(11)] public string? Error { get; init; }

    /// <summary>The submitted request.</summary>
    [Id(12)] public RunRequest? Request { get; init; }

    /// <summary>Seconds spent: resolving inputs, computing, and in all.</summary>
    [Id(13)] public RunTimings? Timings { get; init; }

    /// <summary>Increases with every change of the run; the id of its server-sent events.</summary>
    [Id(14)] public long Sequence { get; init; }

    /// <summary>The silo hosting the run now (<c>ip:port@generation</c>): a diagnostic, it changes when the run moves.</summary>
    [Id(15)] public string? Host { get; init; }

    /// <summary>How often the run was picked up again from its saved state after its silo went away.</summary>
    [Id(16)] public int Resumes { get; init; }

    /// <summary>Why a completed run has no <see cref="Summary"/> (a total that is not finite, for example).</summary>
    [Id(17)] public string? SummaryError { get; init; }

    /// <summary>The silo role the run waits for (<c>compute</c>) while no silo with it is active; null otherwise.</summary>
    [Id(20)] public string? WaitingFor { get; init; }

    /// <summary>Batches completed per silo (<c>ip:port@generation</c>).</summary>
    [Id(21)] public IReadOnlyDictionary<string, int>? BatchesBySilo { get; init; }

    /// <summary>The books the run's trades are in, so that who may read it can be judged after a restart.</summary>
    [Id(22)] public List<string>? Books { get; init; }

    /// <summary>Who submitted the run (an API key's name or a token's subject); null for runs stored before it was recorded.</summary>
    [Id(23)] public string? SubmittedBy { get; init; }

    public bool IsTerminal => State is RunState.Completed or RunState.Failed or RunState.Cancelled;
}

[GenerateSerializer, Immutable, Alias("xip.run-shape")]
public sealed record RunShape(
    [property: Id(0)] int Trades,
    [property: Id(1)] int Scenarios,
    [property: Id(2)] int Measures,
    [property: Id(3)] int Batches);

[GenerateSerializer, Immutable, Alias("xip.run-timings")]
public sealed record RunTimings(
    [property: Id(0)] double ResolveSeconds,
    [property: Id(1)] double ComputeSeconds,
    [property: Id(2)] double TotalSeconds,
    [property: Id(3)] double ValuationsPerSecond);

/// <summary>
/// What a completed run adds up to: total PV per scenario (base first) over the trades that priced,
/// the P&amp;L of each scenario against the base, and historical VaR and expected shortfall of that P&amp;L.
/// </summary>
[GenerateSerializer, Alias("xip.run-summary")]
public sealed record RunSummary
{
    [Id(0)] public required double[] PvByScenario { get; init; }

    [Id(1)] public required double[] PnlByScenario { get; init; }

    [Id(2)] public double? Var95 { get; init; }

    [Id(3)] public double? Var99 { get; init; }

    [Id(4)] public double? Es95 { get; init; }

    [Id(5)] public double? Es99 { get; init; }

    /// <summary>Trades with at least one failed measure.</summary>
    [Id(6)] public int FailedTrades { get; init; }
}
