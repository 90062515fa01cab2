using XiP.Abstractions.MarketData;
using XiP.Abstractions.Trades;

namespace XiP.Abstractions.Pricing;

/// <summary>Trades and measures to price synchronously on one snapshot; measures use their wire names.</summary>
[GenerateSerializer, Alias("xip.price-request")]
public sealed record PriceRequest(
    [property: Id(0)] MarketDataSpec MarketData,
    [property: Id(1)] List<TradeSpec> Trades,
    [property: Id(2)] List<string> Measures);
