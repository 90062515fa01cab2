using XiP.Abstractions.Trades;
using XiP.Grains.Placement;
using XiP.Trades;

namespace XiP.Grains.Trades;

/// <summary>Lists books straight from the trade store, so the list holds whatever was stored, however it was stored.</summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-book-directory")]
public sealed class BookDirectoryGrain(ITradeStore store) : Grain, IBookDirectoryGrain
{
    async Task<List<BookEntry>> IBookDirectoryGrain.ListAsync(string? after, int limit)
    {
        var books = await store.ListBooksAsync(after, limit);
        return books.Select(b => new BookEntry(b.Book, b.Trades)).ToList();
    }
}
