using System.Globalization;
using XiP.Abstractions.Runs;
using XiP.Pricing.Risk;

namespace XiP.Grains.Runs;

/// <summary>
/// A completed run's summary from its PV totals per market (base first), or why it has none. Every trade's values are
/// finite (a value that is not is that trade's error), but their sums need not be: totals can overflow, and so can a
/// P&amp;L or the sum of a tail. A summary with such a number would mean nothing and cannot be written as JSON, so the
/// run completes without one and says why; its results are stored all the same.
/// </summary>
public static class RunSummaries
{
    /// <summary>The summary, or null and the reason it cannot be formed.</summary>
    public static (RunSummary? Summary, string? Error) Form(double[] totals, int failedTrades)
    {
        ArgumentNullException.ThrowIfNull(totals);

        // checked first: a P&L of ∞ − ∞ is NaN, which the VaR and ES of the P&L refuse
        if (NotFinite(totals, "the total PV of") is { } error)
        {
            return (null, error);
        }

        var formed = ScenarioSummaries.FromTotals(totals);
        var summary = new RunSummary
        {
            PvByScenario = formed.PvByScenario,
            PnlByScenario = formed.PnlByScenario,
            Var95 = formed.Var95,
            Var99 = formed.Var99,
            Es95 = formed.Es95,
            Es99 = formed.Es99,
            FailedTrades = failedTrades,
        };
        return WhyNotFinite(summary) is { } why ? (null, why) : (summary, null);
    }

    /// <summary>Why <paramref name="summary"/> cannot be shown (a number of it is not finite), or null when it can.</summary>
    /// <remarks>Also asked of summaries that versions before this check stored, so their runs answer too.</remarks>
    public static string? WhyNotFinite(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return NotFinite(summary.PvByScenario, "the total PV of")
            ?? NotFinite(summary.PnlByScenario, "the P&L of", firstMarket: 1)
            ?? NotFinite("var95", summary.Var95)
            ?? NotFinite("var99", summary.Var99)
            ?? NotFinite("es95", summary.Es95)
            ?? NotFinite("es99", summary.Es99);
    }

    private static string? NotFinite(double[] values, string what, int firstMarket = 0)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                var market = i + firstMarket;
                var where = market == 0 ? "the base market" : $"scenario {market}";
                return $"{what} {where} is {Text(values[i])}: the trades' values add up beyond the range of a double, so the run has no summary; its results are stored.";
            }
        }

        return null;
    }

    private static string? NotFinite(string measure, double? value) =>
        value is { } v && !double.IsFinite(v)
            ? $"{measure} is {Text(v)}: the worst scenarios' P&L adds up beyond the range of a double, so the run has no summary; its results are stored."
            : null;

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
