namespace XiP.Abstractions.Trades;

/// <summary>
/// A book: which trades (at which versions) it holds, and an in-memory copy of them so a run resolves
/// its portfolio with one call, never one per trade. Keyed by book name.
/// </summary>
[Alias("xip.IBookGrain")]
public interface IBookGrain : IGrainWithStringKey
{
    /// <summary>Stores every trade (each through its trade grain) and records it in this book.</summary>
    [Alias("Upsert")]
    Task<BookUpsertResult> UpsertAsync(List<TradeSpec> trades);

    /// <summary>Forgets a trade that moved to another book.</summary>
    [Alias("Remove")]
    Task RemoveAsync(string tradeId);

    /// <summary>Every trade of the book at its current version, ordered by trade id.</summary>
    [Alias("GetTrades")]
    Task<List<VersionedTrade>> GetTradesAsync();
}

/// <summary>Counts of a book upsert.</summary>
[GenerateSerializer, Immutable, Alias("xip.book-upsert-result")]
public sealed record BookUpsertResult(
    [property: Id(0)] int Stored,
    [property: Id(1)] int Created,
    [property: Id(2)] int Changed);

/// <summary>Trades without a <c>book</c> belong to this one.</summary>
public static class Books
{
    public const string Default = "default";

    public static string Of(TradeSpec trade) => string.IsNullOrEmpty(trade.Book) ? Default : trade.Book;
}
