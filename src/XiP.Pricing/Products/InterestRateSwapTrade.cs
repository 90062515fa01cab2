using XiP.Pricing.Time;

namespace XiP.Pricing.Products;

/// <summary>Which leg a swap pays.</summary>
public enum SwapDirection
{
    PayFixed,
    ReceiveFixed,
}

/// <summary>A vanilla fixed-versus-floating swap, single-curve, schedules rolled forward from the start date.</summary>
/// <param name="CurrentFixingRate">The rate already fixed for a floating period that began before the
/// valuation date; required only for a swap that has started.</param>
public sealed record InterestRateSwapTrade(
    string Id,
    string? Book,
    double Quantity,
    double Notional,
    double FixedRate,
    DateOnly StartDate,
    DateOnly MaturityDate,
    SwapDirection Direction,
    Frequency FixedFrequency,
    Frequency FloatFrequency,
    string Curve,
    double? CurrentFixingRate = null) : Trade(Id, Book, Quantity);
