using Orleans.Concurrency;
using XiP.Abstractions.Pricing;

namespace XiP.Abstractions.Live;

/// <summary>A book priced live on a live market (key: subscription id); updates go out on the stream <see cref="SubscriptionStreams.Namespace"/>/id.</summary>
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

    /// <summary>The live market changed: re-price what depends on the change. One-way, so the live market never waits on a subscription.</summary>
    [OneWay]
    [Alias("MarketChanged")]
    Task MarketChangedAsync();

    /// <summary>The book's trades changed: price the new and changed ones at the current market version and publish them.</summary>
    [OneWay]
    [Alias("BookChanged")]
    Task BookChangedAsync();
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
/// the version alone does not tell a new update from one the reader has seen.
/// </remarks>
[GenerateSerializer, Immutable, Alias("xip.subscription-update")]
public sealed record SubscriptionUpdate(
    [property: Id(0)] long Version,
    [property: Id(1)] List<TradeResult> Changed,
    [property: Id(2)] Dictionary<string, double> Totals,
    [property: Id(3)] long Sequence = 0);

public static class SubscriptionStreams
{
    public const string Namespace = "subscriptions";
}
