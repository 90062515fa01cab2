namespace XiP.Abstractions.Runs;

/// <summary>The list of runs (for listing and for the concurrent-run limit). One per cluster: key <see cref="Key"/>.</summary>
[Alias("xip.IRunRegistryGrain")]
public interface IRunRegistryGrain : IGrainWithStringKey
{
    public const string Key = "runs";

    /// <summary>Admits a new run unless <paramref name="maxActive"/> runs are already pending or running; true when admitted (or already known).</summary>
    [Alias("TryAdmit")]
    Task<bool> TryAdmitAsync(string runId, DateTimeOffset submittedAt, int maxActive);

    /// <summary>Records a run's new state.</summary>
    [Alias("Update")]
    Task UpdateAsync(string runId, RunState state);

    /// <summary>The most recent runs, newest first.</summary>
    [Alias("List")]
    Task<List<RunListEntry>> ListAsync(int limit);

    /// <summary>The runs recorded as pending or running.</summary>
    [Alias("Active")]
    Task<List<string>> ActiveAsync();

    /// <summary>The finished runs that finished before <paramref name="cutoff"/> (by the registry's clock), oldest first.</summary>
    [Alias("FinishedBefore")]
    Task<List<string>> FinishedBeforeAsync(DateTimeOffset cutoff);

    /// <summary>Drops a purged run from the list.</summary>
    [Alias("Forget")]
    Task ForgetAsync(string runId);
}

[GenerateSerializer, Immutable, Alias("xip.run-list-entry")]
public sealed record RunListEntry(
    [property: Id(0)] string RunId,
    [property: Id(1)] RunState Status,
    [property: Id(2)] DateTimeOffset SubmittedAt,
    [property: Id(3)] DateTimeOffset? FinishedAt = null);
