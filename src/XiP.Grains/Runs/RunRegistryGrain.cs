using XiP.Abstractions;
using XiP.Abstractions.Runs;

namespace XiP.Grains.Runs;

/// <summary>The cluster's list of runs: admission against the concurrent-run limit, listing, and the active runs the <see cref="RunWatchdog"/> keeps alive.</summary>
[GrainType("xip-run-registry")]
public sealed class RunRegistryGrain(
    [PersistentState("run-registry", ProviderNames.GrainState)] IPersistentState<RunRegistryState> state) : Grain, IRunRegistryGrain
{
    // enough history for dashboards; older runs stay readable by id
    private const int Kept = 1000;

    async Task<bool> IRunRegistryGrain.TryAdmitAsync(string runId, DateTimeOffset submittedAt, int maxActive)
    {
        if (state.State.Runs.ContainsKey(runId))
        {
            return true;
        }

        if (state.State.Runs.Values.Count(r => r.Status is RunState.Pending or RunState.Running) >= maxActive)
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
        Task.FromResult(state.State.Runs.Values.Where(r => r.Status is RunState.Pending or RunState.Running).Select(r => r.RunId).ToList());
}

[GenerateSerializer, Alias("xip.run-registry-state")]
public sealed class RunRegistryState
{
    [Id(0)] public Dictionary<string, RunListEntry> Runs { get; set; } = [];
}
