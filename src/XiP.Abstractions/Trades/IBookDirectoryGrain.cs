namespace XiP.Abstractions.Trades;

/// <summary>The books that hold trades, by name, read from the trade store's book index. One per cluster (<see cref="GrainKeys.Singleton"/>).</summary>
[Alias("xip.IBookDirectoryGrain")]
public interface IBookDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>At most <paramref name="limit"/> books after <paramref name="after"/> (code point order), each with its trade count.</summary>
    [Alias("List")]
    Task<List<BookEntry>> ListAsync(string? after, int limit);
}

/// <summary>A book and how many trades it holds.</summary>
[GenerateSerializer, Immutable, Alias("xip.book-entry")]
public sealed record BookEntry([property: Id(0)] string Book, [property: Id(1)] int Trades);
