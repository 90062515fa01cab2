using System.Collections.Frozen;
using XiP.Pricing.Products;

namespace XiP.Pricing.Measures;

/// <summary>The wire names of measures (camelCase, as in the REST contract).</summary>
public static class MeasureNames
{
    private static readonly FrozenDictionary<Measure, string> Names = Enum.GetValues<Measure>()
        .ToFrozenDictionary(m => m, m => char.ToLowerInvariant(m.ToString()[0]) + m.ToString()[1..]);

    private static readonly FrozenDictionary<string, Measure> ByName = Names
        .ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);

    public static string Of(Measure measure) => Names[measure];

    public static bool TryParse(string? name, out Measure measure) => ByName.TryGetValue(name ?? string.Empty, out measure);

    public static IEnumerable<string> All => Names.Values;
}

/// <summary>The wire names of product types.</summary>
public static class ProductNames
{
    public const string EuropeanOption = "europeanOption";
    public const string GeometricAsianOption = "geometricAsianOption";
    public const string InterestRateSwap = "interestRateSwap";
    public const string FixedRateBond = "fixedRateBond";

    public static string Of(Trade trade) => trade switch
    {
        EuropeanOptionTrade => EuropeanOption,
        GeometricAsianOptionTrade => GeometricAsianOption,
        InterestRateSwapTrade => InterestRateSwap,
        FixedRateBondTrade => FixedRateBond,
        _ => trade.GetType().Name,
    };
}
