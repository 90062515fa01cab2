using Orleans;
using Orleans.Runtime;

namespace XiP.Persistence.Sqlite.Tests;

[GenerateSerializer]
public sealed record CounterState
{
    [Id(0)]
    public int Count { get; init; }

    [Id(1)]
    public string Label { get; init; } = string.Empty;

    // An array rather than IReadOnlyList<string>: the silo's default storage serializer (Newtonsoft JSON with
    // type names) cannot re-create the compiler-synthesized list type a collection expression produces.
    [Id(2)]
    public string[] History { get; init; } = [];
}

public interface IPersistentCounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync(string label);

    Task<CounterState> GetAsync();

    Task<bool> RecordExistsAsync();
}

public sealed class PersistentCounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, IPersistentCounterGrain
{
    public async Task<int> IncrementAsync(string label)
    {
        counter.State = counter.State with
        {
            Count = counter.State.Count + 1,
            Label = label,
            History = [.. counter.State.History, label],
        };
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    public Task<CounterState> GetAsync() => Task.FromResult(counter.State);

    public Task<bool> RecordExistsAsync() => Task.FromResult(counter.RecordExists);
}

/// <summary>A unique directory under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"xip-sqlite-tests-{Guid.NewGuid():N}");
    }

    /// <summary>Not created up front, so tests also cover the provider creating missing directories.</summary>
    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
