namespace XiP.Pricing.Columnar;

/// <summary>The products a <see cref="TradeTable"/> keeps columns for; the values are stored, never renumber them.</summary>
public enum ProductKind : byte
{
    EuropeanOption = 0,
    GeometricAsianOption = 1,
    InterestRateSwap = 2,
    FixedRateBond = 3,
}
