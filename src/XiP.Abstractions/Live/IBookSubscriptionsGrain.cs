using Orleans.Concurrency;

namespace XiP.Abstractions.Live;

/// <summary>
/// The live books (<see cref="LiveBooks.Key"/>) that price one book (key: book name), so a trade stored in, changed in
/// or moved out of the book reaches them: the book tells this grain, and it tells each live book.
/// </summary>
[Alias("xip.IBookSubscriptionsGrain")]
public interface IBookSubscriptionsGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(string liveBook);

    [Alias("Remove")]
    Task RemoveAsync(string liveBook);

    /// <summary>The book's trades changed. One-way: a trade write never waits on live pricing.</summary>
    [OneWay]
    [Alias("BookChanged")]
    Task BookChangedAsync();
}
