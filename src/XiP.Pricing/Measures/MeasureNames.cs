using System.Collections.Frozen;
using XiP.Contracts;
using XiP.Pricing.Products;

namespace XiP.Pricing.Measures;

/// <summary>
/// The wire names of measures: <see cref="Measure"/> tied to the contract's list (<c>XiP.Contracts.Measures.All</c>),
/// each enum member to the name that spells it. The test of this library checks that the two are the same set.
/// </summary>
public static class MeasureNames
{
    private static readonly FrozenDictionary<Measure, string> Names = Contracts.Measures.All
        .ToFrozenDictionary(name => Enum.Parse<Measure>(name, ignoreCase: true), name => name);

    private static readonly FrozenDictionary<string, Measure> ByName = Names
        .ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);

    public static string Of(Measure measure) => Names.TryGetValue(measure, out var name)
        ? name
        : throw new ArgumentOutOfRangeException(nameof(measure), measure, "The measure is not in the contract's list (XiP.Contracts.Measures).");

    public static bool TryParse(string? name, out Measure measure) => ByName.TryGetValue(name ?? string.Empty, out measure);

    public static IEnumerable<string> All => Contracts.Measures.All;
}

/// <summary>The wire names of product types (<see cref="TradeTypes"/>) by trade.</summary>
public static class ProductNames
{
    public static string Of(Trade trade) => trade switch
    {
        EuropeanOptionTrade => TradeTypes.EuropeanOption,
        GeometricAsianOptionTrade => TradeTypes.GeometricAsianOption,
        InterestRateSwapTrade => TradeTypes.InterestRateSwap,
        FixedRateBondTrade => TradeTypes.FixedRateBond,
        _ => trade.GetType().Name,
    };
}
