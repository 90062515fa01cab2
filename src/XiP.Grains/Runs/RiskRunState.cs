using XiP.Abstractions.Runs;

namespace XiP.Grains.Runs;

/// <summary>The persisted state of a risk run: enough to report it and to resume it on another silo.</summary>
[GenerateSerializer, Alias("xip.risk-run-state")]
public sealed class RiskRunState
{
    [Id(0)] public RunRequest? Request { get; set; }

    [Id(1)] public string? RequestJson { get; set; }

    [Id(2)] public RunState Status { get; set; }

    [Id(3)] public DateTimeOffset SubmittedAt { get; set; }

    [Id(4)] public DateTimeOffset? StartedAt { get; set; }

    [Id(5)] public DateTimeOffset? CompletedAt { get; set; }

    [Id(6)] public string? Error { get; set; }

    /// <summary>The portfolio as resolved at submission: trade ids and the versions the run prices.</summary>
    [Id(7)] public List<TradeVersion> Trades { get; set; } = [];

    /// <summary>Scenarios of the set (the base excluded).</summary>
    [Id(8)] public int Scenarios { get; set; }

    [Id(9)] public int TradesPerBatch { get; set; }

    [Id(10)] public HashSet<int> DoneBatches { get; set; } = [];

    /// <summary>PV sums per summation block and market, row-major; filled in as batches finish.</summary>
    [Id(11)] public double[] BlockSums { get; set; } = [];

    [Id(12)] public long Done { get; set; }

    [Id(13)] public long Failed { get; set; }

    [Id(14)] public int FailedTrades { get; set; }

    [Id(15)] public int RetriedBatches { get; set; }

    [Id(16)] public RunSummary? Summary { get; set; }

    [Id(17)] public long Sequence { get; set; }

    [Id(18)] public double ResolveSeconds { get; set; }

    [Id(19)] public double ComputeSeconds { get; set; }

    /// <summary>The W3C trace context of the submitting call: the run's spans join its trace, also after a resume.</summary>
    [Id(20)] public string? TraceParent { get; set; }

    /// <summary>Activations after the first that picked the unfinished run up from this state.</summary>
    [Id(21)] public int Resumes { get; set; }
}

/// <summary>A trade of a run and the version it prices.</summary>
[GenerateSerializer, Immutable, Alias("xip.trade-version")]
public sealed record TradeVersion([property: Id(0)] string TradeId, [property: Id(1)] int Version);
