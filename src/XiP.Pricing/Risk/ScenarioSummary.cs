using XiP.Numerics;

namespace XiP.Pricing.Risk;

/// <summary>A run's totals: PV per market (base first), P&amp;L per scenario against the base, historical VaR and ES.</summary>
public sealed record ScenarioSummary(double[] PvByScenario, double[] PnlByScenario, double? Var95, double? Var99, double? Es95, double? Es99);

/// <summary>Adds a run's PV block sums in block order and measures the tail of the scenario P&amp;L.</summary>
public static class ScenarioSummaries
{
    /// <param name="blockSums">Row-major block × market, as <see cref="ScenarioValuation"/> forms them.</param>
    public static ScenarioSummary Build(ReadOnlySpan<double> blockSums, int markets)
    {
        var pv = new double[markets];
        Aggregation.SumRows(blockSums, markets, pv);
        return FromTotals(pv);
    }

    /// <summary>The summary of PV totals per market (base first), already added up in block order.</summary>
    public static ScenarioSummary FromTotals(double[] pv)
    {
        ArgumentNullException.ThrowIfNull(pv);
        var scenarios = pv.Length - 1;
        var pnl = new double[scenarios];
        Aggregation.Subtract(pv.AsSpan(1), pv[0], pnl);
        if (scenarios == 0)
        {
            return new ScenarioSummary(pv, pnl, null, null, null, null);
        }

        var scratch = new double[scenarios];
        var (var95, es95) = RiskMeasures.VarAndEs(pnl, 0.95, scratch);
        var (var99, es99) = RiskMeasures.VarAndEs(pnl, 0.99, scratch);
        return new ScenarioSummary(pv, pnl, var95, var99, es95, es99);
    }
}
