using XiP.Abstractions.Runs;
using XiP.Grains.Runs;

namespace XiP.Grains.Tests;

/// <summary>A run's summary is formed from finite numbers only; otherwise the run says why it has none.</summary>
public sealed class RunSummariesTests
{
    [Fact]
    public void Finite_totals_give_the_pnl_against_the_base_and_its_tail()
    {
        // base 100; 20 scenarios whose P&L is −10, −9, …, 9: at 95% the tail is the one worst, at 99% too
        var totals = new[] { 100.0 }.Concat(Enumerable.Range(-10, 20).Select(p => 100.0 + p)).ToArray();

        var (summary, error) = RunSummaries.Form(totals, failedTrades: 2);

        Assert.Null(error);
        Assert.NotNull(summary);
        Assert.Equal(totals, summary.PvByScenario);
        Assert.Equal(Enumerable.Range(-10, 20).Select(p => (double)p), summary.PnlByScenario);
        Assert.Equal(10.0, summary.Var95);
        Assert.Equal(10.0, summary.Es99);
        Assert.Equal(2, summary.FailedTrades);
    }

    [Theory]
    [InlineData(new[] { double.PositiveInfinity, 1.0 }, "the total PV of the base market is Infinity")]
    [InlineData(new[] { 1.0, 2.0, double.NegativeInfinity }, "the total PV of scenario 2 is -Infinity")]
    [InlineData(new[] { 1.0, double.NaN }, "the total PV of scenario 1 is NaN")]
    [InlineData(new[] { -1.5e308, 1.5e308 }, "the P&L of scenario 1 is Infinity")]
    public void A_total_or_pnl_that_is_not_finite_leaves_no_summary_and_says_which(double[] totals, string why)
    {
        var (summary, error) = RunSummaries.Form(totals, failedTrades: 0);

        Assert.Null(summary);
        Assert.StartsWith(why, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tail_whose_sum_overflows_leaves_no_summary()
    {
        // 40 scenarios: at 95% the tail is the two worst, each a loss of 1.1e308, so their sum is −∞; the VaR is finite
        var totals = new double[41];
        totals[0] = 0.5e308;
        totals.AsSpan(1).Fill(0.5e308);
        totals[1] = totals[2] = -0.6e308;

        var (summary, error) = RunSummaries.Form(totals, failedTrades: 0);

        Assert.Null(summary);
        Assert.StartsWith("es95 is Infinity", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_stored_with_a_number_that_is_not_finite_is_named()
    {
        var stored = new RunSummary { PvByScenario = [1.0, 2.0], PnlByScenario = [1.0], Var95 = double.NegativeInfinity };

        Assert.StartsWith("var95 is -Infinity", RunSummaries.WhyNotFinite(stored), StringComparison.Ordinal);
        Assert.Null(RunSummaries.WhyNotFinite(stored with { Var95 = -1.0 }));
    }
}
