using XiP.Abstractions;
using XiP.Abstractions.Runs;

namespace XiP.Grains.Runs;

/// <summary>The cluster's list of runs: admission against the concurrent-run limit, listing, the active runs the <see cref="RunWatchdog"/> keeps alive; purged runs leave it.</summary>
[GrainType("xip-run-registry")]
public sealed class RunRegistryGrain(
    [PersistentState("run-registry", ProviderNames.GrainState)] IPersistentState<RunRegistryState> state) : Grain, IRunRegistryGrain
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
        foreach (var old in state.State.Runs.Values.OrderByDescending(r => r.SubmittedAt).Skip(Kept).ToList())
        {
            state.State.Runs.Remove(old.RunId);
        }

        await state.WriteStateAsync();
        return true;
    }

    async Task IRunRegistryGrain.UpdateAsync(string runId, RunState status)
    {
        if (state.State.Runs.TryGetValue(runId, out var entry) && entry.Status != status)
        {
            state.State.Runs[runId] = entry with { Status = status };
            await state.WriteStateAsync();
        }
    }

    Task<List<RunListEntry>> IRunRegistryGrain.ListAsync(int limit) =>
        Task.FromResult(state.State.Runs.Values.OrderByDescending(r => r.SubmittedAt).ThenBy(r => r.RunId, StringComparer.Ordinal).Take(limit).ToList());

    Task<List<string>> IRunRegistryGrain.ActiveAsync() =>
        Task.FromResult(state.State.Runs.Values.Where(r => !IsFinished(r)).Select(r => r.RunId).ToList());

    async Task IRunRegistryGrain.ForgetAsync(string runId)
    {
        if (state.State.Runs.Remove(runId))
        {
            await state.WriteStateAsync();
        }
    }

    private static bool IsFinished(RunListEntry run) => run.Status is RunState.Completed or RunState.Failed or RunState.Cancelled;
}

[GenerateSerializer, Alias("xip.run-registry-state")]
public sealed class RunRegistryState
{
    [Id(0)] public Dictionary<string, RunListEntry> Runs { get; set; } = [];
}
