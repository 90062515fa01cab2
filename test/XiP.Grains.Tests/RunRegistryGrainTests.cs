using Microsoft.Extensions.Options;
using XiP.Abstractions;
using XiP.Abstractions.Runs;
using XiP.Grains.Runs;

namespace XiP.Grains.Tests;

/// <summary>
/// The run list answers what is stored: a change whose write fails (the store down; the run retries it) is taken back,
/// so the list never shows a run finished, admitted or forgotten before that is recorded.
/// </summary>
public sealed class RunRegistryGrainTests
{
    private static readonly DateTimeOffset Submitted = new(2026, 1, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_status_whose_write_failed_is_not_listed_until_it_is_stored()
    {
        var (registry, store) = Registry();
        Assert.True(await registry.TryAdmitAsync("r1", Submitted, maxActive: 10));
        await registry.UpdateAsync("r1", RunState.Running);

        store.Down = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(() => registry.UpdateAsync("r1", RunState.Completed));
        Assert.Equal(RunState.Running, Assert.Single(await registry.ListAsync(10)).Status);
        Assert.Equal(["r1"], await registry.ActiveAsync());
        Assert.Equal(RunState.Running, Assert.Single(store.Stored!).Value.Status);

        store.Down = false;
        await registry.UpdateAsync("r1", RunState.Completed);
        Assert.Equal(RunState.Completed, Assert.Single(await registry.ListAsync(10)).Status);
        Assert.Equal(RunState.Completed, Assert.Single(store.Stored!).Value.Status);
    }

    [Fact]
    public async Task An_admission_or_a_forgetting_whose_write_failed_leaves_the_list_as_stored()
    {
        var (registry, store) = Registry();
        Assert.True(await registry.TryAdmitAsync("r1", Submitted, maxActive: 10));
        await registry.UpdateAsync("r1", RunState.Completed);

        store.Down = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(() => registry.TryAdmitAsync("r2", Submitted.AddMinutes(1), maxActive: 10));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => registry.ForgetAsync("r1"));
        // a finished run submitted anew under its id, refused by the store, is still the finished run
        await Assert.ThrowsAsync<StorageUnavailableException>(() => registry.TryAdmitAsync("r1", Submitted.AddMinutes(2), maxActive: 10));

        var listed = Assert.Single(await registry.ListAsync(10));
        Assert.Equal(("r1", RunState.Completed, Submitted), (listed.RunId, listed.Status, listed.SubmittedAt));
        Assert.Empty(await registry.ActiveAsync());
    }

    private static (IRunRegistryGrain Registry, FlakyState Store) Registry()
    {
        var store = new FlakyState();
        return (new RunRegistryGrain(store, Options.Create(new RunOptions()), TimeProvider.System), store);
    }

    /// <summary>Grain state whose writes fail while <see cref="Down"/>; <see cref="Stored"/> is what the last good write stored.</summary>
    private sealed class FlakyState : IPersistentState<RunRegistryState>
    {
        public bool Down { get; set; }

        public Dictionary<string, RunListEntry>? Stored { get; private set; }

        public RunRegistryState State { get; set; } = new();

        public string? Etag => null;

        public bool RecordExists => Stored is not null;

        public Task ClearStateAsync() => throw new NotSupportedException();

        public Task ReadStateAsync() => Task.CompletedTask;

        public Task WriteStateAsync()
        {
            if (Down)
            {
                throw new StorageUnavailableException("the store is down");
            }

            Stored = new Dictionary<string, RunListEntry>(State.Runs);
            return Task.CompletedTask;
        }
    }
}
