using System.Collections.Concurrent;

namespace XiP.Gateway.Apis;

/// <summary>A bounded, thread-safe map that forgets its least recently used entry first.</summary>
internal sealed class RecentlyUsed<TKey, TValue>(int capacity, IEqualityComparer<TKey> comparer)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new(comparer);
    private readonly Lock _evicting = new();
    private long _clock;

    public int Count => _entries.Count;

    public bool TryGetValue(TKey key, out TValue value) => Touch(_entries.TryGetValue(key, out var entry) ? entry : null, out value);

    /// <summary>Looks <paramref name="key"/> up without making a <typeparamref name="TKey"/> of it (a span of a request's bytes).</summary>
    public bool TryGetValue<TAlternate>(TAlternate key, out TValue value)
        where TAlternate : notnull, allows ref struct =>
        Touch(_entries.GetAlternateLookup<TAlternate>().TryGetValue(key, out var entry) ? entry : null, out value);

    public void Add(TKey key, TValue value)
    {
        _entries[key] = new Entry(value) { LastUse = Interlocked.Increment(ref _clock) };
        if (_entries.Count <= capacity)
        {
            return;
        }

        lock (_evicting)
        {
            while (_entries.Count > capacity)
            {
                _entries.TryRemove(_entries.MinBy(e => e.Value.LastUse));
            }
        }
    }

    private bool Touch(Entry? entry, out TValue value)
    {
        if (entry is null)
        {
            value = default!;
            return false;
        }

        entry.LastUse = Interlocked.Increment(ref _clock);
        value = entry.Value;
        return true;
    }

    private sealed class Entry(TValue value)
    {
        public TValue Value { get; } = value;

        public long LastUse { get; set; }
    }
}

/// <summary>Byte strings compared by content, and looked up by span.</summary>
internal sealed class ByteContentComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteContentComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] key) => GetHashCode((ReadOnlySpan<byte>)key);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var hash = default(HashCode);
        hash.AddBytes(alternate);
        return hash.ToHashCode();
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
