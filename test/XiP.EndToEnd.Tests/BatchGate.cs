using XiP.Grains.Runs;

namespace XiP.EndToEnd.Tests;

/// <summary>
/// Holds every batch but the first of every run until <see cref="Open"/>, so a test sees a run part-way
/// through for as long as it needs, whatever the machine's speed.
/// </summary>
public sealed class BatchGate : IBatchFaultInjector
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public Task BeforeComputeAsync(string runId, int batchIndex, int attempt, CancellationToken cancellationToken) =>
        batchIndex == 0 ? Task.CompletedTask : _open.Task.WaitAsync(cancellationToken);
}
