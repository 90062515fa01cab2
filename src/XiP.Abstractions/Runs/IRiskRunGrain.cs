namespace XiP.Abstractions.Runs;

/// <summary>One risk run's lifecycle, persisted so it survives the loss of the silo that hosts it. Keyed by run id.</summary>
[Alias("xip.IRiskRunGrain")]
public interface IRiskRunGrain : IGrainWithStringKey
{
    /// <summary>Starts the run; a second call with the same request returns the run as it is (idempotent submission).</summary>
    [Alias("Submit")]
    Task<RunSubmission> SubmitAsync(RunRequest request);

    /// <summary>The run: its state, counts, timings and, once completed, its summary; null for an unknown run.</summary>
    [Alias("GetStatus")]
    Task<RunSnapshot?> GetSnapshotAsync();

    /// <summary>Cancels the run: no batch starts after this, in-flight batches stop, and once this returns nothing more is written.</summary>
    [Alias("Cancel")]
    Task<RunSnapshot?> CancelAsync();

    /// <summary>
    /// Deletes a finished run: its results, its state and its registry entry, so its id (and the client's run id it came
    /// from) may be submitted again as a new run. A pending or running run is left as it is.
    /// </summary>
    [Alias("Purge")]
    Task<RunPurge> PurgeAsync();

    /// <summary>Asks to write a batch's results: false once the run is cancelled or over (then nothing is written).</summary>
    [Alias("BeginWrite")]
    Task<bool> BeginWriteAsync(int batchIndex);

    /// <summary>A write that <see cref="BeginWriteAsync"/> allowed has finished (or failed).</summary>
    [Alias("EndWrite")]
    Task EndWriteAsync(int batchIndex);
}
