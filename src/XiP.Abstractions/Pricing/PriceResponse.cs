namespace XiP.Abstractions.Pricing;

/// <summary>One result per trade, in request order.</summary>
[GenerateSerializer, Alias("xip.price-response")]
public sealed record PriceResponse([property: Id(0)] List<TradeResult> Results);

/// <summary>The values of a trade's measures, and why any requested measure has no value.</summary>
[GenerateSerializer, Alias("xip.trade-result")]
public sealed record TradeResult(
    [property: Id(0)] string TradeId,
    [property: Id(1)] Dictionary<string, double> Values,
    [property: Id(2)] Dictionary<string, string> Errors);
