using XiP.Abstractions.MarketData;
using XiP.Abstractions.Trades;

namespace XiP.Gateway.Apis;

/// <summary>The body of <c>POST /v1/price</c>, for the OpenAPI document; the endpoint validates the JSON itself to name every bad field.</summary>
/// <param name="MarketData">Inline market data; or give <paramref name="MarketDataId"/>.</param>
/// <param name="MarketDataId">A stored snapshot (<c>PUT /v1/market-data/{id}</c>); or give <paramref name="MarketData"/>.</param>
/// <param name="Trades">The trades to price, reported back in this order.</param>
/// <param name="Measures">Measure names such as pv, delta, pv01.</param>
public sealed record PriceRequestBody(MarketDataSpec? MarketData, string? MarketDataId, List<TradeSpec> Trades, List<string> Measures);
