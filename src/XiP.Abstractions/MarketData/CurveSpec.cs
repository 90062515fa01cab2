namespace XiP.Abstractions.MarketData;

/// <summary>
/// A curve as quoted: either <see cref="FlatRate"/>, or <see cref="Pillars"/> of zero rates, or
/// <see cref="Instruments"/> to bootstrap; <see cref="Interpolation"/> applies to the last two.
/// </summary>
[GenerateSerializer, Alias("xip.curve-spec")]
public sealed record CurveSpec
{
    [Id(0)] public double? FlatRate { get; init; }

    [Id(1)] public CurveInterpolation? Interpolation { get; init; }

    [Id(2)] public List<PillarSpec>? Pillars { get; init; }

    [Id(3)] public List<CurveInstrumentSpec>? Instruments { get; init; }
}

/// <summary>How a curve interpolates between pillars.</summary>
public enum CurveInterpolation
{
    /// <summary>"linear-zero": zero rate linear in time.</summary>
    LinearZero,

    /// <summary>"log-linear-discount": log discount factor linear in time.</summary>
    LogLinearDiscount,
}

/// <summary>A continuously compounded zero rate at a date.</summary>
[GenerateSerializer, Immutable, Alias("xip.pillar-spec")]
public sealed record PillarSpec([property: Id(0)] DateOnly Date, [property: Id(1)] double ZeroRate);

/// <summary>A deposit or par swap quote to bootstrap from.</summary>
[GenerateSerializer, Immutable, Alias("xip.curve-instrument-spec")]
public sealed record CurveInstrumentSpec
{
    [Id(0)] public required CurveInstrumentKind Type { get; init; }

    /// <summary>"3M", "2Y", "1W", "10D".</summary>
    [Id(1)] public required string Tenor { get; init; }

    [Id(2)] public required double Rate { get; init; }

    [Id(3)] public PaymentFrequency? FixedFrequency { get; init; }

    [Id(4)] public PaymentFrequency? FloatFrequency { get; init; }
}

/// <summary>Kinds of curve instruments.</summary>
public enum CurveInstrumentKind
{
    Deposit,
    Swap,
}
