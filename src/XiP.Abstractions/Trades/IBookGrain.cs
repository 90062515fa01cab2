namespace XiP.Abstractions.Trades;

/// <summary>
/// A book: its current trades as one trade table, read from the trade store and kept in memory until an upload
/// changes the book, so runs over it resolve their portfolio with one call. Keyed by book name.
/// </summary>
[Alias("xip.IBookGrain")]
public interface IBookGrain : IGrainWithStringKey
{
    /// <summary>Stores every trade (all of this book) in one transaction: new trades are version 1, changed ones the next version.</summary>
    /// <exception cref="ArgumentException">A trade names another book, or an id is given twice; nothing is stored.</exception>
    [Alias("Upsert")]
    Task<BookUpsertResult> UpsertAsync(List<TradeSpec> trades);

    /// <summary>Every trade of the book at its current version, in trade id (code point) order.</summary>
    [Alias("GetTrades")]
    Task<List<VersionedTrade>> GetTradesAsync();

    /// <summary>
    /// Every trade of the book as its trade table holds it (what a run prices), in trade id order, without the store
    /// reads <see cref="GetTradesAsync"/> makes for stored times: for pricing a whole book.
    /// </summary>
    [Alias("GetSpecs")]
    Task<BookTrades> GetSpecsAsync();

    /// <summary>
    /// Ids and current versions of at most <paramref name="limit"/> of the book's trades in trade id (code point) order,
    /// those after trade id <paramref name="after"/> (from the first when null).
    /// </summary>
    [Alias("ListPage")]
    Task<TradeVersionPage> ListPageAsync(string? after, int limit);

    /// <summary>How many trades the book holds (what a run over it will price), without sending them.</summary>
    [Alias("Count")]
    Task<int> CountAsync();

    /// <summary>The book's current trades as a stored trade table (what a run prices).</summary>
    [Alias("GetTable")]
    Task<TradeTablePayload> GetTableAsync();

    /// <summary>An upload changed the book's trades: the next read loads them again.</summary>
    [Alias("Changed")]
    Task ChangedAsync();
}

/// <summary>Counts of a book upsert.</summary>
[GenerateSerializer, Immutable, Alias("xip.book-upsert-result")]
public sealed record BookUpsertResult(
    [property: Id(0)] int Stored,
    [property: Id(1)] int Created,
    [property: Id(2)] int Changed);

/// <summary>A trade id and its current version.</summary>
[GenerateSerializer, Immutable, Alias("xip.trade-version-entry")]
public sealed record TradeVersionEntry([property: Id(0)] string TradeId, [property: Id(1)] int Version);

/// <summary>A page of a book's trades; <see cref="More"/> when trades follow the last one.</summary>
[GenerateSerializer, Immutable, Alias("xip.trade-version-page")]
public sealed record TradeVersionPage([property: Id(0)] List<TradeVersionEntry> Items, [property: Id(1)] bool More);

/// <summary>A book's trades and their versions, position by position; never changed once sent.</summary>
[GenerateSerializer, Immutable, Alias("xip.book-trades")]
public sealed record BookTrades([property: Id(0)] List<TradeSpec> Trades, [property: Id(1)] int[] Versions);

/// <summary>A trade table in its stored form (columns; see the pricing library's <c>TradeTableCodec</c>).</summary>
[GenerateSerializer, Immutable, Alias("xip.trade-table-payload")]
public sealed record TradeTablePayload([property: Id(0)] byte[] Data);

/// <summary>Trades without a <c>book</c> belong to this one.</summary>
public static class Books
{
    public const string Default = "default";

    public static string Of(TradeSpec trade) => string.IsNullOrEmpty(trade.Book) ? Default : trade.Book;
}
