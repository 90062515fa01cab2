using Orleans.Concurrency;

namespace XiP.Abstractions.Live;

/// <summary>
/// The live subscriptions of one book (key: book name), so a trade stored in, changed in or moved out of the book
/// reaches them: the book tells this grain, and it tells each subscription.
/// </summary>
[Alias("xip.IBookSubscriptionsGrain")]
public interface IBookSubscriptionsGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(string subscriptionId);

    [Alias("Remove")]
    Task RemoveAsync(string subscriptionId);

    /// <summary>The book's trades changed. One-way: a trade write never waits on live pricing.</summary>
    [OneWay]
    [Alias("BookChanged")]
    Task BookChangedAsync();
}
