using Orleans.Concurrency;
using XiP.Abstractions.Live;
using XiP.Abstractions.Trades;
using XiP.Grains.Mapping;
using XiP.Pricing.Columnar;
using XiP.Trades;
using XiP.Grains.Placement;

namespace XiP.Grains.Trades;

/// <summary>
/// A book: its current trades as one trade table in trade id order, loaded from the trade store on first read and
/// kept until an upload that touched the book says it changed. Uploads write through the store in one transaction
/// (whatever books they touch), so the book holds no state of its own and a trade moved between books leaves the
/// first and joins the second in the same commit.
/// </summary>
[Reentrant]
[SiloRole(SiloRoles.Control)]
[GrainType("xip-book")]
public sealed class BookGrain(ITradeStore store, TimeProvider clock) : Grain, IBookGrain
{
    // The loaded table and the change it reflects: a change that lands while a load runs makes that load stale.
    private Task<TradeTable>? _table;
    private byte[]? _encoded;
    private long _changes;

    private string Name => this.GetPrimaryKeyString();

    async Task<BookUpsertResult> IBookGrain.UpsertAsync(List<TradeSpec> trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        foreach (var trade in trades)
        {
            ArgumentNullException.ThrowIfNull(trade, nameof(trades));
            if (!string.Equals(Books.Of(trade), Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Trade '{trade.Id}' belongs to book '{Books.Of(trade)}', not '{Name}'.", nameof(trades));
            }
        }

        return trades.Count == 0 ? new BookUpsertResult(0, 0, 0) : await TradeWrites.StoreAsync(store, GrainFactory, trades, clock.GetUtcNow());
    }

    async Task<List<VersionedTrade>> IBookGrain.GetTradesAsync()
    {
        var table = await TableAsync();
        var trades = new List<VersionedTrade>(table.Count);
        for (var i = 0; i < table.Count; i++)
        {
            var stored = await store.GetAsync(table.Ids[i], table.Versions[i]);
            trades.Add(stored is not null ? TradeWrites.ToVersioned(stored) : new VersionedTrade(WireMapper.ToSpec(table.ToTrade(i)), table.Versions[i], default));
        }

        return trades;
    }

    async Task<BookTrades> IBookGrain.GetSpecsAsync()
    {
        var table = await TableAsync();
        var trades = new List<TradeSpec>(table.Count);
        for (var i = 0; i < table.Count; i++)
        {
            trades.Add(WireMapper.ToSpec(table.ToTrade(i)));
        }

        return new BookTrades(trades, [.. table.Versions]);
    }

    async Task<TradeVersionPage> IBookGrain.ListPageAsync(string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var table = await TableAsync();
        var from = 0;
        if (after is not null)
        {
            // ids are in code point order, which ordinal comparison of UTF-16 keeps for every id the readers accept
            var (lo, hi) = (0, table.Count);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                (lo, hi) = string.CompareOrdinal(table.Ids[mid], after) <= 0 ? (mid + 1, hi) : (lo, mid);
            }

            from = lo;
        }

        var to = (int)Math.Min(table.Count, (long)from + limit);
        return new TradeVersionPage([.. Enumerable.Range(from, to - from).Select(i => new TradeVersionEntry(table.Ids[i], table.Versions[i]))], to < table.Count);
    }

    async Task<int> IBookGrain.CountAsync() => (await TableAsync()).Count;

    async Task<TradeTablePayload> IBookGrain.GetTableAsync()
    {
        var changes = _changes;
        var table = await TableAsync();
        var encoded = _encoded ?? TradeTableCodec.Encode(table);
        if (changes == _changes)
        {
            _encoded = encoded;
        }

        return new TradeTablePayload(encoded);
    }

    Task IBookGrain.ChangedAsync()
    {
        _changes++;
        _table = null;
        _encoded = null;

        // live subscriptions of the book price what was stored (one-way: the write does not wait for them)
        return GrainFactory.GetGrain<IBookSubscriptionsGrain>(Name).BookChangedAsync();
    }

    private Task<TradeTable> TableAsync()
    {
        if (_table is { IsFaulted: false, IsCanceled: false } table)
        {
            return table;
        }

        var changes = _changes;
        var load = store.LoadBookAsync(Name);
        _table = load;
        return ForgetIfStale(load, changes);
    }

    // A load that a change overtook still answers its own caller, but is not kept for the next one.
    private async Task<TradeTable> ForgetIfStale(Task<TradeTable> load, long changes)
    {
        var table = await load;
        if (changes != _changes && ReferenceEquals(_table, load))
        {
            _table = null;
        }

        return table;
    }
}
