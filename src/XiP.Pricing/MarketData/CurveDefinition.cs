using XiP.Pricing.Time;

namespace XiP.Pricing.MarketData;

/// <summary>How a curve is specified before calibration.</summary>
public abstract record CurveDefinition;

/// <summary>One zero rate for every maturity.</summary>
public sealed record FlatCurveDefinition(double Rate) : CurveDefinition;

/// <summary>Zero rates at pillar dates, interpolated as <paramref name="Interpolation"/> says.</summary>
public sealed record PillarCurveDefinition(CurveInterpolationKind Interpolation, IReadOnlyList<CurvePillar> Pillars) : CurveDefinition;

/// <summary>A continuously compounded zero rate at a date.</summary>
public sealed record CurvePillar(DateOnly Date, double ZeroRate);

/// <summary>Deposits and par swaps that a bootstrap reprices exactly.</summary>
public sealed record BootstrapCurveDefinition(CurveInterpolationKind Interpolation, IReadOnlyList<CurveInstrument> Instruments) : CurveDefinition;

/// <summary>The kind of a calibration instrument.</summary>
public enum CurveInstrumentType
{
    Deposit,
    Swap,
}

/// <summary>A quoted instrument starting at the valuation date: a simple-rate deposit or a single-curve par swap.</summary>
public sealed record CurveInstrument(CurveInstrumentType Type, Tenor Tenor, double Rate, Frequency FixedFrequency = Frequency.Annual, Frequency FloatFrequency = Frequency.Semiannual);
