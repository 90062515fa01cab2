namespace XiP.Abstractions.Trades;

[GenerateSerializer, Immutable, Alias("xip.european-option-spec")]
public sealed record EuropeanOptionSpec : TradeSpec
{
    [Id(0)] public required string Underlying { get; init; }

    [Id(1)] public required OptionKind OptionType { get; init; }

    [Id(2)] public required double Strike { get; init; }

    [Id(3)] public required DateOnly Expiry { get; init; }

    [Id(4)] public required string DiscountCurve { get; init; }
}
