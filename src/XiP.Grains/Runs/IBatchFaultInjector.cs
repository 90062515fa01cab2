namespace XiP.Grains.Runs;

/// <summary>
/// Lets failure tests make chosen batch attempts fail, to prove retries and resumption. Production
/// registers <see cref="NoBatchFaults"/>.
/// </summary>
public interface IBatchFaultInjector
{
    /// <summary>Throws, or delays, to simulate a failed or slow batch attempt.</summary>
    Task BeforeComputeAsync(string runId, int batchIndex, int attempt, CancellationToken cancellationToken);
}

/// <summary>No injected faults.</summary>
public sealed class NoBatchFaults : IBatchFaultInjector
{
    public Task BeforeComputeAsync(string runId, int batchIndex, int attempt, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Every batch attempt waits <paramref name="delay"/> first (configuration <c>XiP:Testing:BatchDelay</c>): failure tests
/// across processes use it to keep a run going long enough to kill a silo in the middle of it.
/// </summary>
public sealed class DelayedBatches(TimeSpan delay) : IBatchFaultInjector
{
    public Task BeforeComputeAsync(string runId, int batchIndex, int attempt, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
}
