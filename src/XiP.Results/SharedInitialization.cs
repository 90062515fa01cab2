namespace XiP.Results;

/// <summary>
/// A store's one-time set-up (schema, indexes): concurrent callers await one attempt, and a failed or
/// cancelled attempt is made again by the next caller. The attempt is bound to no caller's token, since
/// callers share it; each caller stops waiting on its own token.
/// </summary>
public sealed class SharedInitialization(Func<Task> initialize)
{
    private readonly Lock _gate = new();
    private Task? _attempt;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        var attempt = Volatile.Read(ref _attempt);
        if (attempt is null || attempt.IsFaulted || attempt.IsCanceled)
        {
            lock (_gate)
            {
                attempt = _attempt;
                if (attempt is null || attempt.IsFaulted || attempt.IsCanceled)
                {
                    attempt = Task.Run(initialize, CancellationToken.None);
                    Volatile.Write(ref _attempt, attempt);
                }
            }
        }

        return attempt.IsCompletedSuccessfully ? Task.CompletedTask : attempt.WaitAsync(cancellationToken);
    }
}
