namespace XiP.Grains.Runs;

/// <summary>
/// Which batch of a run goes next and where: each compute silo takes batches up to its capacity (its cores × batches
/// per core), the least loaded for its size first, among equals one that already holds the run's markets, then in
/// turn; a bounded number of attempts per batch; a silo where a batch failed recently is passed over while any other
/// is left. No Orleans calls: the run grain asks and tells it.
/// </summary>
public sealed class BatchScheduler<TSilo>
    where TSilo : notnull
{
    private readonly Queue<(int Batch, int Attempt)> _pending = new();
    private readonly Dictionary<TSilo, int> _inFlightBySilo = [];
    private readonly Dictionary<TSilo, DateTimeOffset> _failedAt = [];
    private readonly Dictionary<int, int> _countedFailures = [];
    private readonly int _maxAttempts;
    private readonly TimeSpan _failureMemory;
    private int _turn;

    /// <param name="batches">Batches of the run.</param>
    /// <param name="done">Batches already done (a resumed run), never sent again.</param>
    /// <param name="maxAttempts">Attempts per batch before the run fails.</param>
    /// <param name="failureMemory">How long a silo where a batch failed is passed over.</param>
    public BatchScheduler(int batches, IReadOnlySet<int> done, int maxAttempts, TimeSpan failureMemory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var batch = 0; batch < batches; batch++)
        {
            if (!done.Contains(batch))
            {
                _pending.Enqueue((batch, 1));
            }
        }

        _maxAttempts = maxAttempts;
        _failureMemory = failureMemory;
    }

    public int InFlight { get; private set; }

    /// <summary>True while a batch waits to be sent or is in flight.</summary>
    public bool HasWork => _pending.Count > 0 || InFlight > 0;

    /// <summary>
    /// The next batch and the silo it goes to, when one of <paramref name="silos"/> has room below its capacity;
    /// <paramref name="preferred"/> silos (those holding the run's markets) go first among equally loaded ones.
    /// </summary>
    public bool TryNext(IReadOnlyList<(TSilo Silo, int Capacity)> silos, IReadOnlySet<TSilo> preferred, DateTimeOffset now, out (int Batch, int Attempt) next, out TSilo? silo)
    {
        next = default;
        silo = default;
        if (_pending.Count == 0 || silos.Count == 0)
        {
            return false;
        }

        var healthy = silos.Where(s => !_failedAt.TryGetValue(s.Silo, out var failed) || now - failed >= _failureMemory).ToList();
        var candidates = (healthy.Count > 0 ? healthy : silos).Where(s => InFlightOn(s.Silo) < s.Capacity).ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        var turn = _turn++;
        var chosen = Enumerable.Range(0, candidates.Count)
            .Select(i => candidates[(turn + i) % candidates.Count])
            .OrderBy(s => (double)InFlightOn(s.Silo) / s.Capacity)
            .ThenBy(s => preferred.Contains(s.Silo) ? 0 : 1)
            .First();
        silo = chosen.Silo;
        next = _pending.Dequeue();
        InFlight++;
        _inFlightBySilo[chosen.Silo] = InFlightOn(chosen.Silo) + 1;
        return true;
    }

    /// <summary>The next batch for a silo Orleans chooses, while fewer than <paramref name="window"/> are in flight.</summary>
    public bool TryNextUnplaced(int window, out (int Batch, int Attempt) next)
    {
        if (InFlight < window && _pending.TryDequeue(out next))
        {
            InFlight++;
            return true;
        }

        next = default;
        return false;
    }

    /// <summary>Batches of this run in flight on <paramref name="silo"/>.</summary>
    public int InFlightOn(TSilo silo) => _inFlightBySilo.GetValueOrDefault(silo);

    /// <summary>A batch sent to <paramref name="silo"/> (null: where Orleans chose) came back, done or failed.</summary>
    public void Returned(TSilo? silo, bool failed, DateTimeOffset now)
    {
        if (silo is null)
        {
            return;
        }

        if (_inFlightBySilo.TryGetValue(silo, out var count))
        {
            if (count <= 1)
            {
                _inFlightBySilo.Remove(silo);
            }
            else
            {
                _inFlightBySilo[silo] = count - 1;
            }
        }

        if (failed)
        {
            _failedAt[silo] = now;
        }
    }

    /// <summary>A batch finished: it leaves the window.</summary>
    public void Completed() => InFlight--;

    /// <summary>
    /// A batch failed: true when it goes back in the queue for another attempt, false when it has had its attempts. A
    /// failure that does not <paramref name="count"/> (a store that was down) always goes back, and its attempt number
    /// still grows, so each attempt has its own compute activation and a longer delay.
    /// </summary>
    public bool Failed(int batch, int attempt, bool count = true)
    {
        InFlight--;
        if (count)
        {
            var failures = _countedFailures.GetValueOrDefault(batch) + 1;
            if (failures >= _maxAttempts)
            {
                return false;
            }

            _countedFailures[batch] = failures;
        }

        _pending.Enqueue((batch, attempt + 1));
        return true;
    }
}
