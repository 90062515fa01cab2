using XiP.Contracts.Markets;
using XiP.Contracts.Trades;

namespace XiP.Contracts.Pricing;

/// <summary>The body of <c>POST /v1/price</c>.</summary>
/// <param name="MarketData">Inline market data; or give <paramref name="MarketDataId"/>.</param>
/// <param name="MarketDataId">A stored snapshot (<c>PUT /v1/market-data/{id}</c>); or give <paramref name="MarketData"/>.</param>
/// <param name="Trades">The trades to price, reported back in this order.</param>
/// <param name="Measures">Measure names (<see cref="Contracts.Measures"/>).</param>
public sealed record PriceRequest(MarketData? MarketData, string? MarketDataId, IReadOnlyList<Trade> Trades, IReadOnlyList<string> Measures);

/// <summary>The answer of <c>POST /v1/price</c>: one result per trade, in request order.</summary>
public sealed record PriceResponse(IReadOnlyList<TradeResult> Results);

/// <summary>A trade's measure values, and why any requested measure has none.</summary>
public sealed record TradeResult(string TradeId, IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, string> Errors);

/// <summary>The body of <c>POST /v1/curves/calibrate</c>: a curve to calibrate and the dates to report discount factors for.</summary>
public sealed record CalibrateRequest(DateOnly ValuationDate, Curve Curve, IReadOnlyList<DateOnly>? Dates);

/// <summary>The calibrated curve's nodes and the discount factors at the requested dates.</summary>
public sealed record CalibrateResponse(IReadOnlyList<CurveNode> Nodes, IReadOnlyList<double> DiscountFactors);

/// <summary>A node of a calibrated curve.</summary>
public sealed record CurveNode(DateOnly Date, double DiscountFactor);
