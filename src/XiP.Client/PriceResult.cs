namespace XiP.Client;

/// <summary>The answer of <c>POST /v1/price</c>: one entry per trade, in request order.</summary>
public sealed record PriceResult(List<TradePrice> Results);

/// <summary>A trade's measure values, and why any requested measure has none.</summary>
public sealed record TradePrice(string TradeId, Dictionary<string, double> Values, Dictionary<string, string> Errors);
