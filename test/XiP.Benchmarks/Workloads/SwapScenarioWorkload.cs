using XiP.Numerics;
using XiP.Pricing.Pricers;
using XiP.Pricing.Time;

namespace XiP.Benchmarks.Workloads;

/// <summary>
/// The swap book under parallel-shifted copies of its curve (−50bp … +49bp, one basis point apart):
/// one call builds one discount-factor-by-day table per scenario and values every swap off each.
/// </summary>
internal sealed class SwapScenarioWorkload
{
    public const int DefaultScenarios = 100;

    private readonly SwapBook _book;
    private readonly double[] _valuesByCurve;
    private readonly double[] _tables;
    private readonly double[] _annuities;
    private readonly double[] _floatingLegs;
    private readonly double[] _presentValues;

    public SwapScenarioWorkload(int swaps = SwapBookWorkload.DefaultCount, int scenarios = DefaultScenarios, int seed = 20240117)
    {
        _book = new SwapBook(SwapBookWorkload.Swaps(swaps, seed));
        Swaps = swaps;
        Scenarios = scenarios;
        TableDays = _book.LastDay + 1;
        var rates = MarketFixture.ZeroRates();
        var pillars = rates.Length;
        _valuesByCurve = new double[scenarios * pillars];
        for (var c = 0; c < scenarios; c++)
        {
            var shift = (c - scenarios / 2) * 1e-4;
            for (var p = 0; p < pillars; p++)
            {
                _valuesByCurve[c * pillars + p] = rates[p] + shift;
            }
        }

        _tables = new double[scenarios * TableDays];
        _annuities = new double[swaps];
        _floatingLegs = new double[swaps];
        _presentValues = new double[scenarios * swaps];
    }

    public int Swaps { get; }

    public int Scenarios { get; }

    public int TableDays { get; }

    public IReadOnlyList<double[]> Outputs => [_tables, _presentValues];

    public void PresentValues()
    {
        var times = DayGrid.Times(TableDays);
        CurveInterpolation.DiscountFactorsForCurves(CurveKind.LinearZero, MarketFixture.PillarTimes, _valuesByCurve, times, _tables);
        for (var c = 0; c < Scenarios; c++)
        {
            _book.PresentValues(_tables.AsSpan(c * TableDays, TableDays), _annuities, _floatingLegs, _presentValues.AsSpan(c * Swaps, Swaps));
        }
    }
}
