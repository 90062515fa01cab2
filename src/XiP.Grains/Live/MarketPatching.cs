using XiP.Abstractions.Live;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;

namespace XiP.Grains.Live;

/// <summary>Merging patches into a market, and telling which market objects differ between two markets.</summary>
public static class MarketPatching
{
    /// <summary>A new market: <paramref name="market"/> with <paramref name="patch"/> merged in; <paramref name="market"/> is left alone.</summary>
    /// <exception cref="InvalidMarketDataException">A new equity lacks spot or volatility.</exception>
    public static MarketDataSpec Merge(MarketDataSpec market, MarketPatch patch)
    {
        var curves = new Dictionary<string, CurveSpec>(market.Curves, StringComparer.Ordinal);
        foreach (var (name, curve) in patch.Curves)
        {
            curves[name] = curve;
        }

        var equities = new Dictionary<string, EquitySpec>(market.Equities, StringComparer.Ordinal);
        foreach (var (name, change) in patch.Equities)
        {
            if (equities.TryGetValue(name, out var current))
            {
                equities[name] = new EquitySpec(change.Spot ?? current.Spot, change.DividendYield ?? current.DividendYield, change.Volatility ?? current.Volatility);
            }
            else
            {
                var spot = change.Spot ?? throw new InvalidMarketDataException($"equities.{name}.spot", "is required for an equity the live market does not have yet.");
                var volatility = change.Volatility ?? throw new InvalidMarketDataException($"equities.{name}.volatility", "is required for an equity the live market does not have yet.");
                equities[name] = new EquitySpec(spot, change.DividendYield ?? 0.0, volatility);
            }
        }

        return market with { Curves = curves, Equities = equities };
    }

    /// <summary>The equities and curves that differ between <paramref name="before"/> and <paramref name="after"/> (present in one only, or quoted differently); null when everything may differ (the valuation date moved).</summary>
    public static MarketChanges? Changes(MarketDataSpec before, MarketDataSpec after)
    {
        if (before.ValuationDate != after.ValuationDate)
        {
            return null;
        }

        var equities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in before.Equities.Keys.Union(after.Equities.Keys))
        {
            // records of doubles compare bit-for-bit here: validated quotes are never NaN
            if (!before.Equities.TryGetValue(name, out var a) || !after.Equities.TryGetValue(name, out var b) || a != b)
            {
                equities.Add(name);
            }
        }

        var curves = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in before.Curves.Keys.Union(after.Curves.Keys))
        {
            if (!before.Curves.TryGetValue(name, out var a) || !after.Curves.TryGetValue(name, out var b) || !SameCurve(a, b))
            {
                curves.Add(name);
            }
        }

        return new MarketChanges(equities, curves);
    }

    // CurveSpec's record equality compares its lists by reference, so the quotes are compared here
    private static bool SameCurve(CurveSpec a, CurveSpec b) =>
        a.FlatRate == b.FlatRate
        && a.Interpolation == b.Interpolation
        && SameList(a.Pillars, b.Pillars)
        && SameList(a.Instruments, b.Instruments);

    private static bool SameList<T>(List<T>? a, List<T>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);
}

/// <summary>Names of the market objects that changed.</summary>
public sealed record MarketChanges(IReadOnlySet<string> Equities, IReadOnlySet<string> Curves);
