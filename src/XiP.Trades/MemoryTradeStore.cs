using XiP.Pricing.Columnar;

namespace XiP.Trades;

/// <summary>
/// <see cref="ITradeStore"/> in memory, for tests and for silos whose grain state is in memory: the same tables as
/// the SQL stores as dictionaries; an upload's chunks are applied to copies and swapped in at commit. Silos of one
/// service in one process share one store (<see cref="For"/>), as they share memory grain state.
/// </summary>
public sealed class MemoryTradeStore : ITradeStore
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MemoryTradeStore> Services = new(StringComparer.Ordinal);

    /// <summary>The store of every silo of service <paramref name="serviceId"/> in this process.</summary>
    public static MemoryTradeStore For(string serviceId) => Services.GetOrAdd(serviceId, _ => new MemoryTradeStore());

    private readonly SemaphoreSlim _uploads = new(1, 1);
    private readonly Lock _gate = new();
    private Snapshot _committed = new([], [], [], 0);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<ITradeUpload> BeginUploadAsync(CancellationToken cancellationToken = default)
    {
        await _uploads.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var committed = _committed;
            return new Upload(this, new Snapshot(new(committed.Segments), new(committed.Versions), new(committed.Heads, StringComparer.Ordinal), committed.LastUpload + 1));
        }
    }

    public Task<StoredTrade?> GetAsync(string tradeId, int? version, CancellationToken cancellationToken = default)
    {
        var snapshot = Volatile.Read(ref _committed);
        if (!snapshot.Heads.TryGetValue(tradeId, out var head)
            || !snapshot.Versions.TryGetValue((tradeId, version ?? head.Version), out var stored))
        {
            return Task.FromResult<StoredTrade?>(null);
        }

        return Task.FromResult<StoredTrade?>(new StoredTrade(snapshot.Segments[stored.Segment].Slice(stored.Row, 1), version ?? head.Version, stored.StoredAt, head.Version));
    }

    public Task<TradeTable> LoadBookAsync(string book, CancellationToken cancellationToken = default)
    {
        var snapshot = Volatile.Read(ref _committed);
        var heads = snapshot.Heads.Values.Where(h => string.Equals(h.Book, book, StringComparison.Ordinal)).OrderBy(h => h.TradeId, CodePointOrder.Instance);
        var builder = new TradeTableBuilder();
        foreach (var head in heads)
        {
            builder.AddRow(snapshot.Segments[head.Segment], head.Row, head.Version);
        }

        return Task.FromResult(builder.Build());
    }

    public Task<IReadOnlyList<BookCount>> ListBooksAsync(string? after, int limit, CancellationToken cancellationToken = default)
    {
        var snapshot = Volatile.Read(ref _committed);
        IReadOnlyList<BookCount> books = snapshot.Heads.Values
            .GroupBy(h => h.Book, StringComparer.Ordinal)
            .Where(g => after is null || CodePointOrder.Instance.Compare(g.Key, after) > 0)
            .OrderBy(g => g.Key, CodePointOrder.Instance)
            .Take(limit)
            .Select(g => new BookCount(g.Key, g.Count()))
            .ToList();
        return Task.FromResult(books);
    }

    public Task<(TradeTable Trades, IReadOnlyList<int> Missing)> LoadTradesAsync(IReadOnlyList<string> tradeIds, CancellationToken cancellationToken = default)
    {
        var snapshot = Volatile.Read(ref _committed);
        var missing = Enumerable.Range(0, tradeIds.Count).Where(i => !snapshot.Heads.ContainsKey(tradeIds[i])).ToList();
        var builder = new TradeTableBuilder();
        if (missing.Count == 0)
        {
            foreach (var id in tradeIds)
            {
                var head = snapshot.Heads[id];
                builder.AddRow(snapshot.Segments[head.Segment], head.Row, head.Version);
            }
        }

        return Task.FromResult<(TradeTable, IReadOnlyList<int>)>((builder.Build(), missing));
    }

    private sealed record Snapshot(
        Dictionary<long, TradeTable> Segments, Dictionary<(string, int), (long Segment, int Row, DateTimeOffset StoredAt)> Versions, Dictionary<string, TradeHead> Heads, long LastUpload);

    private sealed class Upload(MemoryTradeStore store, Snapshot working) : ITradeUpload
    {
        private readonly HashSet<string> _books = new(StringComparer.Ordinal);
        private int _stored, _created, _changed;
        private bool _done;

        public Task<IReadOnlyList<UploadRepeat>> AddAsync(TradeTable trades, IReadOnlyList<int> positions, IReadOnlyList<int?>? lines, DateTimeOffset storedAt, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            var plan = ChunkPlan.Make(trades, positions, lines, working.Heads, working.LastUpload);
            if (plan.Repeats.Count > 0)
            {
                return Task.FromResult<IReadOnlyList<UploadRepeat>>(plan.Repeats);
            }

            var segment = working.Segments.Count + 1L;
            if (plan.Segment.Count > 0)
            {
                working.Segments[segment] = plan.Segment;
            }

            for (var row = 0; row < plan.Segment.Count; row++)
            {
                var source = plan.SegmentSource[row];
                var id = plan.Segment.Ids[row];
                working.Versions[(id, plan.Segment.Versions[row])] = (segment, row, storedAt);
                working.Heads[id] = new TradeHead(id, plan.Segment.Versions[row], plan.Segment.BookOf(row), plan.Hashes[source], segment, row, working.LastUpload, positions[source], lines?[source]);
            }

            foreach (var i in plan.Unchanged)
            {
                working.Heads[trades.Ids[i]] = working.Heads[trades.Ids[i]] with { Upload = working.LastUpload, UploadPosition = positions[i], UploadLine = lines?[i] };
            }

            _stored += trades.Count;
            _created += plan.Created;
            _changed += plan.Changed;
            _books.UnionWith(plan.Books);
            return Task.FromResult<IReadOnlyList<UploadRepeat>>([]);
        }

        public Task<UploadOutcome> CommitAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            lock (store._gate)
            {
                Volatile.Write(ref store._committed, working);
            }

            Finish();
            return Task.FromResult(new UploadOutcome(_stored, _created, _changed, [.. _books.Order(StringComparer.Ordinal)]));
        }

        public ValueTask DisposeAsync()
        {
            if (!_done)
            {
                Finish();
            }

            return ValueTask.CompletedTask;
        }

        private void Finish()
        {
            _done = true;
            store._uploads.Release();
        }
    }
}
