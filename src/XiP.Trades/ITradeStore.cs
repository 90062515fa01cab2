using XiP.Pricing.Columnar;

namespace XiP.Trades;

/// <summary>
/// Where trades live: every version of every trade, as columnar segments (one per stored batch of an upload)
/// indexed by trade and version, and each trade's current version and book. An upload is one transaction,
/// whatever books it touches; books are read as one trade table in trade id (code point) order.
/// </summary>
public interface ITradeStore
{
    /// <summary>Creates tables if they are missing; safe to call repeatedly.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts an upload: one transaction, uploads taking turns. Dispose without committing to roll it back.</summary>
    Task<ITradeUpload> BeginUploadAsync(CancellationToken cancellationToken = default);

    /// <summary>A trade at its current version (<paramref name="version"/> null) or at a given version; null when there is none.</summary>
    Task<StoredTrade?> GetAsync(string tradeId, int? version, CancellationToken cancellationToken = default);

    /// <summary>The current trades of a book, in trade id (code point) order, each at its current version.</summary>
    Task<TradeTable> LoadBookAsync(string book, CancellationToken cancellationToken = default);

    /// <summary>
    /// At most <paramref name="limit"/> books holding trades, by name (code point order), those after <paramref name="after"/>,
    /// each with its trade count; read from the book index, so a listing never loads trades.
    /// </summary>
    Task<IReadOnlyList<BookCount>> ListBooksAsync(string? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The current versions of the given trades, in the order given; the ids not stored are listed instead.</summary>
    Task<(TradeTable Trades, IReadOnlyList<int> Missing)> LoadTradesAsync(IReadOnlyList<string> tradeIds, CancellationToken cancellationToken = default);
}

/// <summary>A book and how many trades it holds.</summary>
public sealed record BookCount(string Book, int Trades);

/// <summary>An upload in progress: its chunks are stored in the upload's transaction, visible to others only once committed.</summary>
public interface ITradeUpload : IAsyncDisposable
{
    /// <summary>
    /// Stores a chunk of the upload's trades (their versions in <paramref name="trades"/> are ignored): a trade new to
    /// the store is version 1, a changed one the next version, one identical to its current version changes nothing.
    /// A trade whose id came earlier in the same upload is refused: nothing of the chunk is stored then, and the
    /// repeats are returned (the upload must then be abandoned).
    /// </summary>
    /// <param name="positions">Each trade's position in the upload (for the error messages).</param>
    /// <param name="lines">Each trade's line in an NDJSON upload, or null.</param>
    Task<IReadOnlyList<UploadRepeat>> AddAsync(TradeTable trades, IReadOnlyList<int> positions, IReadOnlyList<int?>? lines, DateTimeOffset storedAt, CancellationToken cancellationToken = default);

    /// <summary>Makes every chunk visible at once; returns the counts and every book whose trades changed (moves included).</summary>
    Task<UploadOutcome> CommitAsync(CancellationToken cancellationToken = default);
}

/// <summary>A trade of an upload that repeats the id of an earlier one.</summary>
/// <param name="Position">Its position in the upload.</param>
/// <param name="FirstPosition">The position of the earlier one.</param>
/// <param name="FirstLine">The NDJSON line of the earlier one, if any.</param>
public sealed record UploadRepeat(int Position, int FirstPosition, int? FirstLine);

/// <summary>What an upload stored.</summary>
/// <param name="Stored">Trades in the upload.</param>
/// <param name="Created">Trades stored for the first time.</param>
/// <param name="Changed">Stored trades given a new version.</param>
/// <param name="Books">Every book that gained, changed or lost a trade.</param>
public sealed record UploadOutcome(int Stored, int Created, int Changed, IReadOnlyList<string> Books);

/// <summary>One trade at one version, with when it was stored and the trade's latest version.</summary>
public sealed record StoredTrade(TradeTable Trade, int Version, DateTimeOffset StoredAt, int LatestVersion);
