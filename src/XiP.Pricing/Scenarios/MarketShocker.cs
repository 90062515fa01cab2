using XiP.Pricing.MarketData;

namespace XiP.Pricing.Scenarios;

/// <summary>Applies a scenario's shifts to a market snapshot (REST contract, "Scenarios").</summary>
/// <remarks>
/// Curves are shifted as calibrated — <see cref="DiscountCurve.ParallelShift"/> and
/// <see cref="DiscountCurve.PillarShift"/> on the curve's own nodes — never re-bootstrapped, so applying a
/// scenario costs one pass over the nodes of each shifted curve. Curves and equities no shift touches are
/// shared with the base snapshot, which is never modified.
/// </remarks>
public static class MarketShocker
{
    /// <summary>One basis point as a rate.</summary>
    public const double BasisPoint = 1e-4;

    /// <summary>
    /// <paramref name="market"/> with <paramref name="scenario"/>'s shifts applied in order:
    /// <c>parallel</c> every zero rate + amount bp; <c>pillar</c> the pillar dated <see cref="Shift.PillarDate"/> + amount bp;
    /// <c>spotRelative</c> spot × (1 + amount); <c>volAbsolute</c> volatility + amount; <c>dividendYieldAbsolute</c> yield + amount.
    /// A null <see cref="Shift.Name"/> shifts every curve (equity) of the snapshot.
    /// </summary>
    /// <exception cref="ScenarioException">A named target is not in the snapshot; a pillar date is not a pillar of the
    /// curve (a flat curve has none); a shift's kind does not fit its target; the amount is not finite; or the result
    /// is not a market (spot or volatility not positive).</exception>
    public static MarketSnapshot Apply(MarketSnapshot market, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(scenario);
        Dictionary<string, DiscountCurve>? curves = null;
        Dictionary<string, EquityMarket>? equities = null;
        foreach (var shift in scenario.Shifts)
        {
            Check(scenario, shift);
            if (shift.TargetKind == ShiftTargetKind.Curve)
            {
                curves ??= Copy(market.Curves);
                foreach (var name in Names(scenario, shift, market.Curves))
                {
                    curves[name] = ShiftCurve(scenario, shift, name, curves[name]);
                }
            }
            else
            {
                equities ??= Copy(market.Equities);
                foreach (var name in Names(scenario, shift, market.Equities))
                {
                    equities[name] = ShiftEquity(scenario, shift, name, equities[name]);
                }
            }
        }

        return curves is null && equities is null
            ? market
            : market with { Curves = curves ?? market.Curves, Equities = equities ?? market.Equities };
    }

    private static void Check(Scenario scenario, Shift shift)
    {
        if (Shift.TargetKindOf(shift.Kind) != shift.TargetKind)
        {
            throw new ScenarioException(scenario.Id, shift.Target, $"a {shift.Kind} shift applies to {(shift.TargetKind == ShiftTargetKind.Curve ? "equities" : "curves")}, not {(shift.TargetKind == ShiftTargetKind.Curve ? "curves" : "equities")}.");
        }

        if (!double.IsFinite(shift.Amount))
        {
            throw new ScenarioException(scenario.Id, shift.Target, "the amount must be a finite number.");
        }

        if ((shift.Kind == MarketShiftKind.Pillar) != shift.PillarDate.HasValue)
        {
            throw new ScenarioException(scenario.Id, shift.Target, shift.PillarDate.HasValue ? "a date is only for a pillar shift." : "a pillar shift needs the pillar's date.");
        }
    }

    private static IEnumerable<string> Names<T>(Scenario scenario, Shift shift, IReadOnlyDictionary<string, T> inBase)
    {
        if (shift.Name is null)
        {
            return inBase.Keys;
        }

        return inBase.ContainsKey(shift.Name)
            ? [shift.Name]
            : throw new ScenarioException(scenario.Id, shift.Target, $"the market data has no {(shift.TargetKind == ShiftTargetKind.Curve ? "curve" : "equity")} '{shift.Name}'.");
    }

    private static DiscountCurve ShiftCurve(Scenario scenario, Shift shift, string name, DiscountCurve curve)
    {
        if (shift.Kind == MarketShiftKind.Parallel)
        {
            return curve.ParallelShift(shift.Amount * BasisPoint);
        }

        var date = shift.PillarDate!.Value;
        var target = $"curve:{name}";
        if (curve.NodeDates is not { } dates)
        {
            throw new ScenarioException(scenario.Id, target, "the curve has no dated pillars to shift (a flat curve has none).");
        }

        for (var i = 0; i < dates.Count; i++)
        {
            if (dates[i] == date)
            {
                return curve.PillarShift(i, shift.Amount * BasisPoint);
            }
        }

        throw new ScenarioException(scenario.Id, target, $"the curve has no pillar on {date:yyyy-MM-dd}; its pillars are {string.Join(", ", dates.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))}.");
    }

    private static EquityMarket ShiftEquity(Scenario scenario, Shift shift, string name, EquityMarket equity)
    {
        var shifted = shift.Kind switch
        {
            MarketShiftKind.SpotRelative => equity with { Spot = equity.Spot * (1.0 + shift.Amount) },
            MarketShiftKind.VolAbsolute => equity with { Volatility = equity.Volatility + shift.Amount },
            _ => equity with { DividendYield = equity.DividendYield + shift.Amount },
        };
        var problem = shifted switch
        {
            { Spot: var s } when !(s > 0.0 && double.IsFinite(s)) => $"the spot would be {s}; it must stay positive.",
            { Volatility: var v } when !(v > 0.0) => $"the volatility would be {v}; it must stay positive.",
            { DividendYield: var q } when !double.IsFinite(q) => "the dividend yield would not be finite.",
            _ => null,
        };
        return problem is null ? shifted : throw new ScenarioException(scenario.Id, $"equity:{name}", problem);
    }

    private static Dictionary<string, T> Copy<T>(IReadOnlyDictionary<string, T> source) =>
        source is Dictionary<string, T> dictionary
            ? new Dictionary<string, T>(dictionary, dictionary.Comparer)
            : new Dictionary<string, T>(source, StringComparer.Ordinal);
}
