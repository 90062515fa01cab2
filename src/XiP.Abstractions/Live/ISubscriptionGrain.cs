using Orleans.Concurrency;
using XiP.Abstractions.Pricing;

namespace XiP.Abstractions.Live;

/// <summary>
/// A client's subscription (key: subscription id): who made it and what it prices. The pricing is its live book's
/// (<see cref="ILiveBookGrain"/>), shared by every subscription to the same book, live market and measures; updates
/// go out on the live book's stream (<see cref="SubscriptionStreams.Namespace"/>, live book key).
/// </summary>
[Alias("xip.ISubscriptionGrain")]
public interface ISubscriptionGrain : IGrainWithStringKey
{
    /// <summary>Starts the subscription and prices the book; false when the live market does not exist.</summary>
    [Alias("Create")]
    Task<bool> CreateAsync(SubscriptionDefinition definition);

    /// <summary>Every trade's values at the live market's current version; null when there is no such subscription.</summary>
    [Alias("Get")]
    Task<SubscriptionView?> GetAsync();

    /// <summary>The subscription's definition (who may read it follows its book); null when there is none.</summary>
    [Alias("GetDefinition")]
    Task<SubscriptionDefinition?> GetDefinitionAsync();

    [Alias("Delete")]
    Task<bool> DeleteAsync();
}

/// <summary>What a subscription prices: a book's trades for measures (wire names) on a live market.</summary>
[GenerateSerializer, Immutable, Alias("xip.subscription-definition")]
public sealed record SubscriptionDefinition(
    [property: Id(0)] string Book,
    [property: Id(1)] string LiveMarket,
    [property: Id(2)] List<string> Measures,
    [property: Id(3)] string CreatedBy);

/// <summary>Every trade's values at market version <see cref="Version"/>, in book order, and the totals of the additive measures.</summary>
[GenerateSerializer, Immutable, Alias("xip.subscription-view")]
public sealed record SubscriptionView(
    [property: Id(0)] long Version,
    [property: Id(1)] Dictionary<string, double> Totals,
    [property: Id(2)] List<TradeResult> Trades,
    [property: Id(3)] long Sequence = 0);

/// <summary>One step of a subscription: the trades whose values changed on the way to <see cref="Version"/>, and the totals there.</summary>
/// <remarks>
/// <see cref="Sequence"/> orders an activation's updates: a change of the book publishes at the same market version, so
/// the version alone does not tell a new update from one the reader has seen. An update with <see cref="Ended"/> set
/// carries no values: it tells the event streams of that subscription, which was deleted, to close.
/// </remarks>
[GenerateSerializer, Immutable, Alias("xip.subscription-update")]
public sealed record SubscriptionUpdate(
    [property: Id(0)] long Version,
    [property: Id(1)] List<TradeResult> Changed,
    [property: Id(2)] Dictionary<string, double> Totals,
    [property: Id(3)] long Sequence = 0,
    [property: Id(4)] string? Ended = null);

/// <summary>A live book's updates are published on the stream of this namespace and the live book's key.</summary>
public static class SubscriptionStreams
{
    public const string Namespace = "subscriptions";
}
