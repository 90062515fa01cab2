namespace XiP.Abstractions.Trades;

[GenerateSerializer, Immutable, Alias("xip.fixed-rate-bond-spec")]
public sealed record FixedRateBondSpec : TradeSpec
{
    [Id(0)] public required double FaceValue { get; init; }

    [Id(1)] public required double CouponRate { get; init; }

    [Id(2)] public required PaymentFrequency Frequency { get; init; }

    [Id(3)] public required DateOnly IssueDate { get; init; }

    [Id(4)] public required DateOnly MaturityDate { get; init; }

    [Id(5)] public required string Curve { get; init; }
}
