using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace XiP.Contracts;

/// <summary>
/// The measures of the REST contract by their wire names, as the contract lists them: the one list that the gateway's
/// readers, its OpenAPI document and the pricing library's <c>Measure</c> enum are checked against. Input may spell a
/// name in any letter case; answers use these spellings.
/// </summary>
public static class Measures
{
    public const string Pv = "pv";
    public const string Delta = "delta";
    public const string Gamma = "gamma";
    public const string Vega = "vega";
    public const string Theta = "theta";
    public const string Rho = "rho";
    public const string DividendRho = "dividendRho";
    public const string Pv01 = "pv01";
    public const string ParRate = "parRate";
    public const string DirtyPrice = "dirtyPrice";
    public const string CleanPrice = "cleanPrice";
    public const string AccruedInterest = "accruedInterest";

    /// <summary>Every measure, in the contract's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Pv, Delta, Gamma, Vega, Theta, Rho, DividendRho, Pv01, ParRate, DirtyPrice, CleanPrice, AccruedInterest];

    /// <summary>Each name in any letter case, to its spelling in <see cref="All"/>.</summary>
    public static IReadOnlyDictionary<string, string> ByName { get; } = All.ToFrozenDictionary(m => m, m => m, StringComparer.OrdinalIgnoreCase);

    /// <summary>The contract's spelling of <paramref name="name"/> (given in any letter case); false when it names no measure.</summary>
    public static bool TryCanonical(string? name, [NotNullWhen(true)] out string? canonical) => ByName.TryGetValue(name ?? string.Empty, out canonical);
}
