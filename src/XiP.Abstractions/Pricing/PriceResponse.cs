namespace XiP.Abstractions.Pricing;

/// <summary>One result per trade, in request order.</summary>
/// <remarks>Immutable by contract (its lists and maps are never changed once built), so a call within one process passes it without a copy.</remarks>
[GenerateSerializer, Immutable, Alias("xip.price-response")]
public sealed record PriceResponse([property: Id(0)] List<TradeResult> Results);

/// <summary>The values of a trade's measures, and why any requested measure has no value.</summary>
/// <remarks>Immutable by contract, as <see cref="PriceResponse"/>.</remarks>
[GenerateSerializer, Immutable, Alias("xip.trade-result")]
public sealed record TradeResult(
    [property: Id(0)] string TradeId,
    [property: Id(1)] Dictionary<string, double> Values,
    [property: Id(2)] Dictionary<string, string> Errors);
