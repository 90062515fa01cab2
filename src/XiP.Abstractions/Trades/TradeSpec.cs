using System.Text.Json.Serialization;
using XiP.Contracts;

namespace XiP.Abstractions.Trades;

/// <summary>A trade as the REST contract describes it; <c>type</c> selects the product (<see cref="TradeTypes"/>).</summary>
[GenerateSerializer, Alias("xip.trade-spec")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(EuropeanOptionSpec), TradeTypes.EuropeanOption)]
[JsonDerivedType(typeof(GeometricAsianOptionSpec), TradeTypes.GeometricAsianOption)]
[JsonDerivedType(typeof(InterestRateSwapSpec), TradeTypes.InterestRateSwap)]
[JsonDerivedType(typeof(FixedRateBondSpec), TradeTypes.FixedRateBond)]
public abstract record TradeSpec
{
    [Id(0)] public required string Id { get; init; }

    [Id(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Book { get; init; }

    /// <summary>Scales every measure except prices and rates; 1 when not given.</summary>
    [Id(2)] public double Quantity { get; init; } = 1.0;
}

/// <summary>Call or put.</summary>
public enum OptionKind
{
    Call,
    Put,
}

/// <summary>Discrete or continuous averaging.</summary>
public enum AveragingKind
{
    Discrete,
    Continuous,
}

/// <summary>Which leg a swap pays.</summary>
public enum SwapDirectionKind
{
    PayFixed,
    ReceiveFixed,
}
