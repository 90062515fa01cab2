namespace XiP.Pricing.Measures;

/// <summary>The measures computed for one trade, and why the others could not be.</summary>
public sealed record TradeValuation(
    string TradeId,
    IReadOnlyDictionary<Measure, double> Values,
    IReadOnlyDictionary<Measure, string> Errors);
