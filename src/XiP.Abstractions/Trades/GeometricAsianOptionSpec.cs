namespace XiP.Abstractions.Trades;

[GenerateSerializer, Alias("xip.geometric-asian-option-spec")]
public sealed record GeometricAsianOptionSpec : TradeSpec
{
    [Id(0)] public required string Underlying { get; init; }

    [Id(1)] public required OptionKind OptionType { get; init; }

    [Id(2)] public required double Strike { get; init; }

    [Id(3)] public required DateOnly Expiry { get; init; }

    [Id(4)] public required AveragingKind Averaging { get; init; }

    /// <summary>Averaging dates for discrete averaging; absent for continuous.</summary>
    [Id(5)] public List<DateOnly>? FixingDates { get; init; }

    [Id(6)] public required string DiscountCurve { get; init; }
}
