using Microsoft.Extensions.Options;
using XiP.Abstractions;
using XiP.Abstractions.Runs;
using XiP.Grains.Placement;

namespace XiP.Grains.Runs;

/// <summary>
/// The cluster's list of runs: admission against the concurrent-run limit, listing, the active runs the
/// <see cref="RunWatchdog"/> keeps alive, and the finished runs <see cref="RunRetention"/> purges once old enough.
/// </summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-run-registry")]
public sealed class RunRegistryGrain(
    [PersistentState("run-registry", ProviderNames.GrainState)] IPersistentState<RunRegistryState> state,
    IOptions<RunOptions> options,
    TimeProvider clock) : Grain, IRunRegistryGrain
{
    // enough history for dashboards; older runs stay readable by id
    private const int Kept = 1000;

    async Task<bool> IRunRegistryGrain.TryAdmitAsync(string runId, DateTimeOffset submittedAt, int maxActive)
    {
        if (state.State.Runs.TryGetValue(runId, out var known) && !IsFinished(known))
        {
            return true;
        }

        // a finished entry under a run id being submitted anew is one whose purge stopped before forgetting it
        if (state.State.Runs.Values.Count(r => !IsFinished(r)) >= maxActive)
        {
            return false;
        }

        state.State.Runs[runId] = new RunListEntry(runId, RunState.Pending, submittedAt);
        var trimmed = Trim();
        await WriteOrUndoAsync(() =>
        {
            Restore(runId, known);
            trimmed.ForEach(r => state.State.Runs[r.RunId] = r);
        });
        return true;
    }

    async Task IRunRegistryGrain.UpdateAsync(string runId, RunState status)
    {
        if (state.State.Runs.TryGetValue(runId, out var entry) && entry.Status != status)
        {
            var finished = status is RunState.Completed or RunState.Failed or RunState.Cancelled;
            state.State.Runs[runId] = entry with { Status = status, FinishedAt = finished ? clock.GetUtcNow() : null };
            await WriteOrUndoAsync(() => state.State.Runs[runId] = entry);
        }
    }

    Task<List<RunListEntry>> IRunRegistryGrain.ListAsync(int limit) =>
        Task.FromResult(state.State.Runs.Values.OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.RunId, StringComparer.Ordinal).Take(limit).ToList());

    Task<List<string>> IRunRegistryGrain.ActiveAsync() =>
        Task.FromResult(state.State.Runs.Values.Where(r => !IsFinished(r)).Select(r => r.RunId).ToList());

    Task<List<string>> IRunRegistryGrain.FinishedBeforeAsync(DateTimeOffset cutoff) =>
        Task.FromResult(state.State.Runs.Values
            .Where(r => IsFinished(r) && FinishedAt(r) < cutoff)
            .OrderBy(FinishedAt)
            .ThenBy(r => r.RunId, StringComparer.Ordinal)
            .Select(r => r.RunId)
            .ToList());

    async Task IRunRegistryGrain.ForgetAsync(string runId)
    {
        if (state.State.Runs.Remove(runId, out var forgotten))
        {
            await WriteOrUndoAsync(() => state.State.Runs[runId] = forgotten);
        }
    }

    // The list answers what is stored: a change whose write failed (a store down, the caller retrying) is taken back, or
    // the list would show a run finished that its own status, recorded only once stored, does not yet show.
    private async Task WriteOrUndoAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }

    private void Restore(string runId, RunListEntry? entry)
    {
        if (entry is null)
        {
            state.State.Runs.Remove(runId);
        }
        else
        {
            state.State.Runs[runId] = entry;
        }
    }

    private static bool IsFinished(RunListEntry run) => run.Status is RunState.Completed or RunState.Failed or RunState.Cancelled;

    // entries written before finish times were recorded have only their submission time
    private static DateTimeOffset FinishedAt(RunListEntry run) => run.FinishedAt ?? run.SubmittedAt;

    /// <summary>
    /// Keeps the list to the most recent finished runs, unless runs are purged after a retention period: then each entry
    /// stays until its run is purged, or the run's results would never be found to be purged. A run still pending or
    /// running always stays, so the watchdog keeps finding it. Returns the entries taken out.
    /// </summary>
    private List<RunListEntry> Trim()
    {
        if (options.Value.RetentionDays is not null)
        {
            return [];
        }

        var trimmed = state.State.Runs.Values.Where(IsFinished).OrderByDescending(r => r.SubmittedAt).Skip(Kept).ToList();
        foreach (var old in trimmed)
        {
            state.State.Runs.Remove(old.RunId);
        }

        return trimmed;
    }
}

[GenerateSerializer, Alias("xip.run-registry-state")]
public sealed class RunRegistryState
{
    [Id(0)] public Dictionary<string, RunListEntry> Runs { get; set; } = [];
}
