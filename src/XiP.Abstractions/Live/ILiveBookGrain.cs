using System.Globalization;
using Orleans.Concurrency;

namespace XiP.Abstractions.Live;

/// <summary>
/// A book priced live on a live market for a list of measures (key: <see cref="LiveBooks.Key"/>): priced once per
/// market version however many subscriptions read it. Its members are the subscriptions that use it; it hears of the
/// market's and the book's changes while it has any.
/// </summary>
[Alias("xip.ILiveBookGrain")]
public interface ILiveBookGrain : IGrainWithStringKey
{
    /// <summary>Adds a subscription; false when the live market does not exist (nothing is kept then).</summary>
    [Alias("Join")]
    Task<bool> JoinAsync(string subscriptionId, SubscriptionDefinition definition);

    /// <summary>Removes a subscription; the last one to leave stops the live book.</summary>
    [Alias("Leave")]
    Task LeaveAsync(string subscriptionId);

    /// <summary>Every trade's values at the live market's current version; null when the live book has no member.</summary>
    [Alias("Get")]
    Task<SubscriptionView?> GetAsync();

    /// <summary>
    /// The live market changed to <paramref name="version"/>: re-price what depends on the change. One-way, so the live
    /// market never waits on a live book; a notice of a version already priced is dropped, which coalesces a burst.
    /// </summary>
    [OneWay]
    [Alias("MarketChanged")]
    Task MarketChangedAsync(long version);

    /// <summary>The book's trades changed: price the new and changed ones at the current market version and publish them.</summary>
    [OneWay]
    [Alias("BookChanged")]
    Task BookChangedAsync();
}

public static class LiveBooks
{
    /// <summary>
    /// The live book of a subscription: one per live market, book and measures (in the order asked). Lengths come before
    /// the names, so no two different triples make the same key whatever characters the names hold.
    /// </summary>
    public static string Key(SubscriptionDefinition definition) => string.Create(CultureInfo.InvariantCulture,
        $"{definition.LiveMarket.Length}:{definition.LiveMarket}{definition.Book.Length}:{definition.Book}{string.Join(',', definition.Measures)}");
}
