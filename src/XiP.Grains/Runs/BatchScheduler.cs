namespace XiP.Grains.Runs;

/// <summary>
/// Which batch of a run goes next and where: a window of batches in flight, a bounded number of attempts per
/// batch, and the active silo with the fewest of the run's batches in flight (in turn among equals), passing over
/// a silo where a batch failed recently unless no other is left. No Orleans calls: the run grain asks and tells it.
/// </summary>
public sealed class BatchScheduler<TSilo>
    where TSilo : notnull
{
    private readonly Queue<(int Batch, int Attempt)> _pending = new();
    private readonly Dictionary<TSilo, int> _inFlightBySilo = [];
    private readonly Dictionary<TSilo, DateTimeOffset> _failedAt = [];
    private readonly Dictionary<int, int> _countedFailures = [];
    private readonly int _maxInFlight;
    private readonly int _maxAttempts;
    private readonly TimeSpan _failureMemory;
    private int _turn;

    /// <param name="batches">Batches of the run.</param>
    /// <param name="done">Batches already done (a resumed run), never sent again.</param>
    /// <param name="maxInFlight">Batches in flight at once.</param>
    /// <param name="maxAttempts">Attempts per batch before the run fails.</param>
    /// <param name="failureMemory">How long a silo where a batch failed is passed over.</param>
    public BatchScheduler(int batches, IReadOnlySet<int> done, int maxInFlight, int maxAttempts, TimeSpan failureMemory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var batch = 0; batch < batches; batch++)
        {
            if (!done.Contains(batch))
            {
                _pending.Enqueue((batch, 1));
            }
        }

        _maxInFlight = maxInFlight;
        _maxAttempts = maxAttempts;
        _failureMemory = failureMemory;
    }

    public int InFlight { get; private set; }

    /// <summary>True while a batch waits to be sent or is in flight.</summary>
    public bool HasWork => _pending.Count > 0 || InFlight > 0;

    /// <summary>The next batch to send, when the window has room.</summary>
    public bool TryNext(out (int Batch, int Attempt) next)
    {
        if (InFlight < _maxInFlight && _pending.TryDequeue(out next))
        {
            InFlight++;
            return true;
        }

        next = default;
        return false;
    }

    /// <summary>Where to send the next batch: null when no silo is active.</summary>
    public TSilo? PickSilo(IReadOnlyList<TSilo> active, DateTimeOffset now)
    {
        var healthy = active.Where(s => !_failedAt.TryGetValue(s, out var failed) || now - failed >= _failureMemory).ToList();
        var candidates = healthy.Count > 0 ? healthy : [.. active];
        if (candidates.Count == 0)
        {
            return default;
        }

        var turn = _turn++;
        return Enumerable.Range(0, candidates.Count)
            .Select(i => candidates[(turn + i) % candidates.Count])
            .MinBy(s => _inFlightBySilo.GetValueOrDefault(s));
    }

    /// <summary>A batch was sent to <paramref name="silo"/> (or to no particular silo).</summary>
    public void Sent(TSilo? silo)
    {
        if (silo is not null)
        {
            _inFlightBySilo[silo] = _inFlightBySilo.GetValueOrDefault(silo) + 1;
        }
    }

    /// <summary>A batch sent to <paramref name="silo"/> came back, done or failed.</summary>
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
