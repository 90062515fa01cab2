namespace XiP.Pricing.MarketData;

/// <summary>A market-data snapshot as quoted: curves by name and equities by name.</summary>
public sealed record MarketDataDefinition(
    DateOnly ValuationDate,
    IReadOnlyDictionary<string, CurveDefinition> Curves,
    IReadOnlyDictionary<string, EquityMarket> Equities);
