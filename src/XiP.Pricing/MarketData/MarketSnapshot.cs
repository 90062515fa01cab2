namespace XiP.Pricing.MarketData;

/// <summary>
/// Calibrated market data against which pricing occurs: the valuation date, discount curves and
/// equities by name. Immutable and thread-safe.
/// </summary>
public sealed record MarketSnapshot(
    DateOnly ValuationDate,
    IReadOnlyDictionary<string, DiscountCurve> Curves,
    IReadOnlyDictionary<string, EquityMarket> Equities);
