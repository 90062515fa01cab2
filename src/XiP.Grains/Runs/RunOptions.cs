using XiP.Contracts;

namespace XiP.Grains.Runs;

/// <summary>Limits and tuning of risk runs (configuration section <c>XiP:Runs</c>).</summary>
public sealed class RunOptions
{
    public const string SectionName = "XiP:Runs";

    /// <summary>
    /// The most trades one run may price; a larger portfolio is refused at submission. The gateway reads the same setting
    /// (<see cref="Limits.MaxTradesPerRunSetting"/>) for the length of a run's <c>tradeIds</c>.
    /// </summary>
    public int MaxTradesPerRun { get; set; } = Limits.MaxTradesPerRun;

    /// <summary>The most scenarios (listed plus generated) one run may use.</summary>
    public int MaxScenariosPerRun { get; set; } = 10_000;

    /// <summary>
    /// The most valuations (trade × market × measure, the base market counting as one) one run may ask for: checked
    /// before the run's trades are loaded, so a request for more is refused before it costs anything. The default holds
    /// a million trades × 1,000 markets × 2 measures; the 1M × 250 `pv` benchmark uses an eighth of it.
    /// </summary>
    public long MaxValuationsPerRun { get; set; } = 2_000_000_000;

    /// <summary>Runs pending or running at once; one more is answered 429.</summary>
    public int MaxConcurrentRuns { get; set; } = 4;

    /// <summary>
    /// Aim for this many valuations (trade × market × measure) per compute batch: one result block per measure.
    /// Measured on two cores, 100k-option runs took 0.35–0.65 s at 100,000 per batch (each batch's fixed costs: a store
    /// read, a grain call, a result write) and 0.36–0.41 s at 500,000; at 1,000,000 the last batches left a core idle.
    /// </summary>
    public int ValuationsPerBatch { get; set; } = 500_000;

    /// <summary>The most <see cref="ValuationsPerBatch"/> may be: a block of one measure stays within 8 MB (MongoDB's documents hold 16).</summary>
    public const int MaxValuationsPerBatch = 1_000_000;


    /// <summary>Attempts per batch before the run fails.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>A batch not back by then is treated as failed and retried.</summary>
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A failed batch waits this long times its failed attempts before it is sent again, so a silo that is going away is not hammered.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest a batch waits before it is sent again, however often it failed.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a run waits for a store that is down (a database restarting, out of connections) before it fails.
    /// Batches that fail because a store is down do not use up their <see cref="MaxAttempts"/>; they are sent again
    /// (at most every <see cref="MaxRetryDelay"/>) until the store answers, and the run's own state writes wait likewise.
    /// </summary>
    public TimeSpan StoreOutageTolerance { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often one silo of the cluster makes sure every pending or running run has a live activation (see <see cref="RunWatchdog"/>).</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Progress events are published at most this often (the terminal event always).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Finished runs older than this many days (counted from when they finished) are purged with their results; null, the
    /// default, keeps every run for ever. Must be positive.
    /// </summary>
    public int? RetentionDays { get; set; }

    /// <summary>How often one silo of the cluster purges the runs <see cref="RetentionDays"/> has expired (see <see cref="RunRetention"/>).</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The run's state is saved at most this often while it runs, so a restarted run redoes little.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(2);
}
