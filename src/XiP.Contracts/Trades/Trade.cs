using System.Text.Json.Serialization;

namespace XiP.Contracts.Trades;

/// <summary>A trade as the REST contract describes it; <c>type</c> selects the product (<see cref="TradeTypes"/>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(EuropeanOption), TradeTypes.EuropeanOption)]
[JsonDerivedType(typeof(GeometricAsianOption), TradeTypes.GeometricAsianOption)]
[JsonDerivedType(typeof(InterestRateSwap), TradeTypes.InterestRateSwap)]
[JsonDerivedType(typeof(FixedRateBond), TradeTypes.FixedRateBond)]
public abstract record Trade
{
    public required string Id { get; init; }

    /// <summary>The book that holds the trade; "default" when not given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Book { get; init; }

    /// <summary>Scales every measure except prices and rates; 1 when not given.</summary>
    public double Quantity { get; init; } = 1.0;
}

public sealed record EuropeanOption : Trade
{
    public required string Underlying { get; init; }

    public required OptionType OptionType { get; init; }

    public required double Strike { get; init; }

    public required DateOnly Expiry { get; init; }

    public required string DiscountCurve { get; init; }
}

public sealed record GeometricAsianOption : Trade
{
    public required string Underlying { get; init; }

    public required OptionType OptionType { get; init; }

    public required double Strike { get; init; }

    public required DateOnly Expiry { get; init; }

    public required Averaging Averaging { get; init; }

    /// <summary>The averaging dates of discrete averaging; absent for continuous.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DateOnly>? FixingDates { get; init; }

    public required string DiscountCurve { get; init; }
}

public sealed record InterestRateSwap : Trade
{
    public required double Notional { get; init; }

    public required double FixedRate { get; init; }

    public required DateOnly StartDate { get; init; }

    public required DateOnly MaturityDate { get; init; }

    public required SwapDirection Direction { get; init; }

    public required Frequency FixedFrequency { get; init; }

    public required Frequency FloatFrequency { get; init; }

    public required string Curve { get; init; }

    /// <summary>The fixed rate of a floating period already under way on the valuation date.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CurrentFixingRate { get; init; }
}

public sealed record FixedRateBond : Trade
{
    public required double FaceValue { get; init; }

    public required double CouponRate { get; init; }

    public required Frequency Frequency { get; init; }

    public required DateOnly IssueDate { get; init; }

    public required DateOnly MaturityDate { get; init; }

    public required string Curve { get; init; }
}
