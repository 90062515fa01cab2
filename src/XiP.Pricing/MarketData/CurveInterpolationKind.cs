namespace XiP.Pricing.MarketData;

/// <summary>How a curve interpolates between its pillars.</summary>
public enum CurveInterpolationKind
{
    /// <summary>Continuously compounded zero rate linear in time.</summary>
    LinearZero,

    /// <summary>Log discount factor linear in time (what a bootstrap produces).</summary>
    LogLinearDiscount,
}
