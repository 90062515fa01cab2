using XiP.Contracts;
using XiP.Numerics;
using XiP.Pricing.Measures;
using XiP.Pricing.Pricers;

namespace XiP.Pricing.Columnar;

/// <summary>
/// Geometric Asian options of a batch: fixing moments once per batch (they depend on the valuation date only),
/// then per market one kernel call. The same numbers and failures as <see cref="GeometricAsianOptionPricer"/>.
/// </summary>
internal sealed class AsianBatch : ProductBatch
{
    private readonly OptionRows _rows;
    private readonly double[] _meanTime, _minTimeMean;
    private readonly double[] _price, _delta, _gamma, _vega, _rho, _dividendRho, _bumped, _scratch;
    private readonly bool _pv01;

    private AsianBatch(BatchOutput output, TradeTable table, int firstRow, int rows, int firstTrade, MarketSet markets)
        : base(output, table.Asian, firstRow, rows, firstTrade, GeometricAsianOptionPricer.Default.SupportedMeasures, TradeTypes.GeometricAsianOption)
    {
        var a = table.Asian;
        _rows = OptionRows.Resolve(this, table, a.Position, a.Quantity, a.Underlying, a.Curve, a.Put, a.Strike, a.ExpiryDay, firstRow, rows, firstTrade, markets);
        var n = _rows.Count;
        _meanTime = new double[n];
        _minTimeMean = new double[n];
        var valuationDay = markets.ValuationDate.DayNumber;
        for (var i = 0; i < n; i++)
        {
            var row = _rows.Row[i];
            if (a.Continuous[row] == 1)
            {
                (_meanTime[i], _minTimeMean[i]) = GeometricAsian.ContinuousFixingMoments(_rows.Time[i]);
                continue;
            }

            var from = a.FixingOffsets[row];
            var times = new double[a.FixingOffsets[row + 1] - from];
            for (var k = 0; k < times.Length; k++)
            {
                times[k] = (a.FixingDays[from + k] - valuationDay) / 365.0;
            }

            Array.Sort(times);
            (_meanTime[i], _minTimeMean[i]) = GeometricAsian.DiscreteFixingMoments(times);
        }

        (_price, _delta, _gamma, _vega, _rho, _dividendRho) = (new double[n], new double[n], new double[n], new double[n], new double[n], new double[n]);
        _pv01 = Wants(Measure.Pv01);
        _bumped = _pv01 ? new double[n] : [];
        _scratch = _pv01 ? new double[n] : [];
    }

    public static AsianBatch? Prepare(BatchOutput output, TradeTable table, int firstTrade, int count, MarketSet markets)
    {
        var (firstRow, rows) = table.RowRange(ProductKind.GeometricAsianOption, firstTrade, count);
        return rows == 0 ? null : new AsianBatch(output, table, firstRow, rows, firstTrade, markets);
    }

    internal void FailTrade(int trade, string reason) => FailAll(trade, reason);

    public override void Price(MarketSet markets, int market)
    {
        var r = _rows;
        if (r.Count == 0)
        {
            return;
        }

        r.Gather(markets, market, bumped: false);
        GeometricAsian.PriceAndGreeks(r.Sign, r.Spot, r.Strike, r.Rate, r.Dividend, r.Volatility, r.Time, _meanTime, _minTimeMean,
            new OptionGreeks(_price, _delta, _gamma, _vega, [], _rho, _dividendRho));
        if (_pv01)
        {
            r.GatherRates(markets, market, bumped: true);
            GeometricAsian.PriceAndGreeks(r.Sign, r.Spot, r.Strike, r.Rate, r.Dividend, r.Volatility, r.Time, _meanTime, _minTimeMean,
                new OptionGreeks(_bumped, _scratch, _scratch, _scratch, [], _scratch, _scratch));
        }

        foreach (var (measure, k) in Measures)
        {
            switch (measure)
            {
                case Measure.Pv01:
                    r.Write(Output, k, market, _bumped, _price);
                    break;
                default:
                    r.Write(Output, k, market, measure switch
                    {
                        Measure.Pv => _price,
                        Measure.Delta => _delta,
                        Measure.Gamma => _gamma,
                        Measure.Vega => _vega,
                        Measure.Rho => _rho,
                        Measure.DividendRho => _dividendRho,
                        _ => throw new InvalidOperationException($"{measure} is not an Asian option measure."),
                    });
                    break;
            }
        }
    }
}
