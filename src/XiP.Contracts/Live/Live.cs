using XiP.Contracts.Markets;
using XiP.Contracts.Pricing;

namespace XiP.Contracts.Live;

/// <summary>The version a write to a live market made (<c>PUT</c>/<c>PATCH /v1/live-markets/{name}</c>).</summary>
public sealed record LiveMarketVersion(long Version);

/// <summary>A live market's whole state (<c>GET /v1/live-markets/{name}</c>).</summary>
public sealed record LiveMarketView(long Version, MarketData MarketData);

/// <summary>A partial change of a live market (<c>PATCH</c>): a curve given replaces the curve; an equity's given fields replace those fields.</summary>
public sealed record LiveMarketPatch
{
    public IReadOnlyDictionary<string, Curve>? Curves { get; init; }

    public IReadOnlyDictionary<string, EquityPatch>? Equities { get; init; }
}

/// <summary>The equity fields a patch changes.</summary>
/// <remarks>A new equity needs spot and volatility; its dividend yield is 0 when not given.</remarks>
public sealed record EquityPatch
{
    public double? Spot { get; init; }

    public double? DividendYield { get; init; }

    public double? Volatility { get; init; }
}

/// <summary>A book to price live on a live market (<c>POST /v1/subscriptions</c>).</summary>
public sealed record SubscriptionRequest(string Book, string LiveMarket, IReadOnlyList<string> Measures);

public sealed record SubscriptionCreated(string SubscriptionId);

/// <summary>Every trade's values at market version <see cref="Version"/> (<c>GET /v1/subscriptions/{id}</c>).</summary>
public sealed record SubscriptionView(long Version, IReadOnlyDictionary<string, double> Totals, IReadOnlyList<TradeResult> Trades);

/// <summary>The data of an <c>update</c> event: the trades whose values changed, and the totals at <see cref="Version"/>.</summary>
public sealed record SubscriptionUpdateData(long Version, IReadOnlyList<TradeResult> Changed, IReadOnlyDictionary<string, double> Totals);
