namespace XiP.Abstractions.Trades;

[GenerateSerializer, Immutable, Alias("xip.interest-rate-swap-spec")]
public sealed record InterestRateSwapSpec : TradeSpec
{
    [Id(0)] public required double Notional { get; init; }

    [Id(1)] public required double FixedRate { get; init; }

    [Id(2)] public required DateOnly StartDate { get; init; }

    [Id(3)] public required DateOnly MaturityDate { get; init; }

    [Id(4)] public required SwapDirectionKind Direction { get; init; }

    [Id(5)] public required PaymentFrequency FixedFrequency { get; init; }

    [Id(6)] public required PaymentFrequency FloatFrequency { get; init; }

    [Id(7)] public required string Curve { get; init; }

    /// <summary>The fixed rate of a floating period already under way on the valuation date.</summary>
    [Id(8)] public double? CurrentFixingRate { get; init; }
}
