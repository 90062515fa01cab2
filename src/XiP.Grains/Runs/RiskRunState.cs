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

    /// <summary>Scenarios of the set (the base excluded).</summary>
    [Id(8)] public int Scenarios { get; set; }

    [Id(9)] public int TradesPerBatch { get; set; }

    [Id(10)] public HashSet<int> DoneBatches { get; set; } = [];

    [Id(12)] public long Done { get; set; }

    [Id(13)] public long Failed { get; set; }

    [Id(14)] public int FailedTrades { get; set; }

    [Id(15)] public int RetriedBatches { get; set; }

    [Id(16)] public RunSummary? Summary { get; set; }

    /// <summary>Why a completed run has no <see cref="Summary"/>.</summary>
    [Id(26)] public string? SummaryError { get; set; }

    [Id(17)] public long Sequence { get; set; }

    [Id(18)] public double ResolveSeconds { get; set; }

    [Id(19)] public double ComputeSeconds { get; set; }

    /// <summary>The W3C trace context of the submitting call: the run's spans join its trace, also after a resume.</summary>
    [Id(20)] public string? TraceParent { get; set; }

    /// <summary>Activations after the first that picked the unfinished run up from this state.</summary>
    [Id(21)] public int Resumes { get; set; }

    /// <summary>Trades of the run, resolved at submission and stored with the run's results (block by block, in run order).</summary>
    [Id(22)] public int TradeCount { get; set; }

    /// <summary>PV per market of the batches folded so far, in batch order (see <see cref="RunTotals"/>).</summary>
    [Id(23)] public double[] Totals { get; set; } = [];

    /// <summary>Batches 0 … FoldedBatches − 1 are in <see cref="Totals"/>.</summary>
    [Id(24)] public int FoldedBatches { get; set; }

    /// <summary>Block sums of batches done but not yet folded (an earlier batch is still out).</summary>
    [Id(25)] public Dictionary<int, double[]> PendingSums { get; set; } = [];

    /// <summary>Batches merged per silo where they were computed (<c>ip:port@generation</c>).</summary>
    [Id(30)] public Dictionary<string, int> BatchesBySilo { get; set; } = [];

    /// <summary>The books of the run's trades, for entitlement checks on its status and results.</summary>
    [Id(31)] public List<string>? Books { get; set; }
}
