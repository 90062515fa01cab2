using System.Text.Json.Serialization;

namespace XiP.Contracts.Runs;

/// <summary>Where a run is in its life.</summary>
public enum RunState
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>A run as <c>GET /v1/runs/{runId}</c> shows it; counts are valuations (trade × scenario × measure).</summary>
public sealed record RunStatus
{
    public required string RunId { get; init; }

    public required RunState Status { get; init; }

    public long Total { get; init; }

    public long Done { get; init; }

    public long Failed { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Present once the run has completed, unless it cannot be formed: then <see cref="SummaryError"/> says why.</summary>
    public RunSummary? Summary { get; init; }

    /// <summary>Why a completed run has no summary (for example a total that is not finite).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SummaryError { get; init; }

    public RunShape? Shape { get; init; }

    public int RetriedBatches { get; init; }

    /// <summary>Why the run failed, when it did.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>The submitted request.</summary>
    public RunRequest? Request { get; init; }

    public RunTimings? Timings { get; init; }

    /// <summary>Increases with every change of the run; the id of its server-sent events.</summary>
    public long Sequence { get; init; }

    /// <summary>The silo hosting the run now (<c>ip:port@generation</c>): a diagnostic, it changes when the run moves.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Host { get; init; }

    /// <summary>How often the run was picked up again from its saved state after its silo went away.</summary>
    public int Resumes { get; init; }

    /// <summary>The silo role the run waits for (<c>compute</c>) while no silo with it is active.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WaitingFor { get; init; }

    /// <summary>Batches completed per silo (<c>ip:port@generation</c>).</summary>
    public IReadOnlyDictionary<string, int> BatchesBySilo { get; init; } = new Dictionary<string, int>();

    /// <summary>Who submitted the run: the API key's name or the token's subject.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>The books of the run's trades; reading the run takes entitlement to all of them.</summary>
    public List<string>? Books { get; init; }

    [JsonIgnore]
    public bool IsTerminal => Status is RunState.Completed or RunState.Failed or RunState.Cancelled;
}

/// <summary>Total PV per scenario (base first), P&amp;L of each scenario against the base, and VaR / expected shortfall of that P&amp;L.</summary>
public sealed record RunSummary
{
    public double[] PvByScenario { get; init; } = [];

    public double[] PnlByScenario { get; init; } = [];

    public double? Var95 { get; init; }

    public double? Var99 { get; init; }

    public double? Es95 { get; init; }

    public double? Es99 { get; init; }

    public int FailedTrades { get; init; }
}

/// <summary>Trades, scenarios (the base excluded), measures and batches of a run.</summary>
public sealed record RunShape(int Trades, int Scenarios, int Measures, int Batches);

/// <summary>Seconds spent resolving inputs, computing, and in all.</summary>
public sealed record RunTimings(double ResolveSeconds, double ComputeSeconds, double TotalSeconds, double ValuationsPerSecond);

/// <summary>One run of <c>GET /v1/runs</c>.</summary>
public sealed record RunListEntry(string RunId, RunState Status, DateTimeOffset SubmittedAt);

