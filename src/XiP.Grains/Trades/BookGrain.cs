using System.Runtime.ExceptionServices;
using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using XiP.Abstractions;
using XiP.Abstractions.Trades;

namespace XiP.Grains.Trades;

/// <summary>
/// A book: its membership (trade id → version) persisted, and an in-memory copy of its trades so a run
/// resolves the whole portfolio with one call. Trades are stored through their own <see cref="ITradeGrain"/>s,
/// at most <see cref="MaxInFlight"/> at a time, and the membership is written once per upsert.
/// </summary>
/// <remarks>
/// <para>
/// Upserts and reads run one at a time. <see cref="IBookGrain.RemoveAsync"/> alone may interleave with them:
/// a book whose upsert moves a trade away from another book waits for that book's remove, and two books
/// exchanging trades in opposite directions at the same moment would otherwise wait for each other forever.
/// Because of that interleaving, a remove checks the trade grain (the truth about where a trade lives and at
/// which version), an upsert does not re-add a trade that moved away while its store was in flight, and
/// state writes are serialized.
/// </para>
/// <para>
/// The copy is loaded lazily, on the first read after activation, from the trade grains; a trade found in
/// another book by then is dropped from the membership, a newer version of one of ours is taken.
/// </para>
/// </remarks>
[GrainType("xip-book")]
[MayInterleave(nameof(MayInterleave))]
public sealed class BookGrain(
    [PersistentState("book", ProviderNames.GrainState)] IPersistentState<BookState> state) : Grain, IBookGrain
{
    /// <summary>How many trade-grain calls one book has in flight at most.</summary>
    public const int MaxInFlight = 64;

    private readonly SemaphoreSlim _writeGate = new(1, 1);

    // Trades that moved to another book while an upsert was under way, with the version they moved at.
    private readonly Dictionary<string, int> _movedAway = new(StringComparer.Ordinal);

    // Every member at its current version once loaded; null until the first read needs it.
    private Dictionary<string, VersionedTrade>? _cache;
    private List<VersionedTrade>? _ordered;
    private bool _upserting;

    private string Name => this.GetPrimaryKeyString();

    /// <summary>Only removes interleave (see the remarks on the class).</summary>
    public static bool MayInterleave(IInvokable request) =>
        request.GetInterfaceType() == typeof(IBookGrain) && request.GetMethod()?.Name == nameof(IBookGrain.RemoveAsync);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Trades.Count == 0)
        {
            _cache = new Dictionary<string, VersionedTrade>(StringComparer.Ordinal);
        }

        return Task.CompletedTask;
    }

    async Task<BookUpsertResult> IBookGrain.UpsertAsync(List<TradeSpec> trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        var name = Name;
        var ids = new HashSet<string>(trades.Count, StringComparer.Ordinal);
        foreach (var trade in trades)
        {
            ArgumentNullException.ThrowIfNull(trade, nameof(trades));
            if (!string.Equals(Books.Of(trade), name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Trade '{trade.Id}' belongs to book '{Books.Of(trade)}', not '{name}'.", nameof(trades));
            }

            if (!ids.Add(trade.Id))
            {
                throw new ArgumentException($"Trade '{trade.Id}' is given more than once.", nameof(trades));
            }
        }

        if (trades.Count == 0)
        {
            return new BookUpsertResult(0, 0, 0);
        }

        var created = 0;
        var changed = 0;
        var membershipChanged = false;
        ExceptionDispatchInfo? failure = null;
        var next = 0;

        // Workers share `next`: grain turns run one at a time, so the plain increment is safe.
        async Task WorkAsync()
        {
            while (failure is null && next < trades.Count)
            {
                var trade = trades[next++];
                try
                {
                    var grain = GrainFactory.GetGrain<ITradeGrain>(trade.Id);
                    var stored = await grain.PutAsync(trade);
                    if (stored.PreviousBook is { } previous && !string.Equals(previous, name, StringComparison.Ordinal))
                    {
                        await GrainFactory.GetGrain<IBookGrain>(previous).RemoveAsync(trade.Id);
                    }

                    // The copy needs the stored version exactly as the trade grain holds it (its storedAt too).
                    VersionedTrade? copy = null;
                    if (_cache is not null && (stored.Changed || !_cache.TryGetValue(trade.Id, out var cached) || cached.Version != stored.Version))
                    {
                        copy = await grain.GetVersionAsync(stored.Version);
                    }

                    membershipChanged |= Apply(trade.Id, stored.Version, copy);
                    created += stored.Created ? 1 : 0;
                    changed += stored.Changed && !stored.Created ? 1 : 0;
                }
                catch (Exception e)
                {
                    failure ??= ExceptionDispatchInfo.Capture(e);
                }
            }
        }

        _upserting = true;
        try
        {
            var workers = new Task[Math.Min(MaxInFlight, trades.Count)];
            for (var i = 0; i < workers.Length; i++)
            {
                workers[i] = WorkAsync();
            }

            await Task.WhenAll(workers);
        }
        finally
        {
            _upserting = false;
            _movedAway.Clear();
        }

        // What was stored before a failure is recorded all the same: those trades now live in this book.
        if (membershipChanged)
        {
            await PersistAsync();
        }

        failure?.Throw();
        return new BookUpsertResult(trades.Count, created, changed);
    }

    async Task IBookGrain.RemoveAsync(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        var current = await GrainFactory.GetGrain<ITradeGrain>(tradeId).GetAsync();
        if (current is not null && string.Equals(Books.Of(current.Trade), Name, StringComparison.Ordinal))
        {
            // It is (back) in this book.
            return;
        }

        var movedAt = current?.Version ?? int.MaxValue;
        if (_upserting)
        {
            _movedAway[tradeId] = _movedAway.TryGetValue(tradeId, out var earlier) ? Math.Max(earlier, movedAt) : movedAt;
        }

        // A version at or after the move was stored through this book after the move (it moved back).
        if (state.State.Trades.TryGetValue(tradeId, out var held) && held < movedAt)
        {
            state.State.Trades.Remove(tradeId);
            _cache?.Remove(tradeId);
            _ordered = null;
            await PersistAsync();
        }
    }

    async Task<List<VersionedTrade>> IBookGrain.GetTradesAsync()
    {
        var cache = _cache ?? await LoadAsync();
        return _ordered ??= cache.Values.OrderBy(t => t.Trade.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Records a stored trade; false when it moved away meanwhile or nothing changed.</summary>
    private bool Apply(string tradeId, int version, VersionedTrade? copy)
    {
        if (_movedAway.TryGetValue(tradeId, out var movedAt) && movedAt > version)
        {
            return false;
        }

        var members = state.State.Trades;
        var isMember = members.TryGetValue(tradeId, out var held);
        if (isMember && held > version)
        {
            return false;
        }

        if (_cache is not null)
        {
            if (copy is not null)
            {
                _cache[tradeId] = copy;
                _ordered = null;
            }
            else if (!_cache.TryGetValue(tradeId, out var cached) || cached.Version != version)
            {
                // Not expected (a stored version is never lost); reload on the next read rather than serve a gap.
                _cache = null;
                _ordered = null;
            }
        }

        if (isMember && held == version)
        {
            return false;
        }

        members[tradeId] = version;
        return true;
    }

    private async Task<Dictionary<string, VersionedTrade>> LoadAsync()
    {
        var name = Name;
        var ids = state.State.Trades.Keys.ToList();
        var found = new VersionedTrade?[ids.Count];
        var next = 0;

        async Task WorkAsync()
        {
            while (next < ids.Count)
            {
                var i = next++;
                found[i] = await GrainFactory.GetGrain<ITradeGrain>(ids[i]).GetAsync();
            }
        }

        var workers = new Task[Math.Min(MaxInFlight, ids.Count)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync();
        }

        await Task.WhenAll(workers);

        // Removes may have run meanwhile; the membership as it is now decides.
        var members = state.State.Trades;
        var cache = new Dictionary<string, VersionedTrade>(ids.Count, StringComparer.Ordinal);
        var healed = false;
        for (var i = 0; i < ids.Count; i++)
        {
            if (!members.TryGetValue(ids[i], out var held))
            {
                continue;
            }

            if (found[i] is not { } current || !string.Equals(Books.Of(current.Trade), name, StringComparison.Ordinal))
            {
                // Gone, or living in another book now: a remove this book missed.
                members.Remove(ids[i]);
                healed = true;
                continue;
            }

            if (current.Version != held)
            {
                // Stored through this book by an upsert that failed before it could record the version.
                members[ids[i]] = current.Version;
                healed = true;
            }

            cache[ids[i]] = current;
        }

        _cache = cache;
        _ordered = null;
        if (healed)
        {
            await PersistAsync();
        }

        return cache;
    }

    private async Task PersistAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
