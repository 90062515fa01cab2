using System.Collections.Concurrent;

namespace XiP.Trades;

/// <summary>Decoded segments recently read; segments never change once stored, so an entry never goes stale.</summary>
internal sealed class SegmentCache<T>(int capacity = 256)
{
    private readonly ConcurrentDictionary<long, T> _segments = new();
    private readonly ConcurrentQueue<long> _order = new();

    public async Task<T> GetAsync(long segment, Func<long, Task<T>> load)
    {
        if (_segments.TryGetValue(segment, out var table))
        {
            return table;
        }

        table = await load(segment).ConfigureAwait(false);
        if (_segments.TryAdd(segment, table))
        {
            _order.Enqueue(segment);
            while (_segments.Count > capacity && _order.TryDequeue(out var oldest))
            {
                _segments.TryRemove(oldest, out _);
            }
        }

        return table;
    }
}
