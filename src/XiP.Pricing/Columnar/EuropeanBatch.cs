using XiP.Contracts;
using XiP.Numerics;
using XiP.Pricing.Measures;
using XiP.Pricing.Pricers;

namespace XiP.Pricing.Columnar;

/// <summary>
/// European options of a batch: per market, spot, dividend yield and volatility are gathered by underlying and
/// the rate by (curve, expiry day) from the market set's tables, then one kernel call prices every option.
/// The same numbers and failures as <see cref="EuropeanOptionPricer"/>.
/// </summary>
internal sealed class EuropeanBatch : ProductBatch
{
    private readonly OptionRows _rows;
    private readonly bool _greeks;
    private readonly bool _pv01;
    private readonly double[] _price, _delta = [], _gamma = [], _vega = [], _theta = [], _rho = [], _dividendRho = [], _bumped = [];

    private EuropeanBatch(BatchOutput output, TradeTable table, int firstRow, int rows, int firstTrade, MarketSet markets)
        : base(output, table.European, firstRow, rows, firstTrade, EuropeanOptionPricer.Default.SupportedMeasures, TradeTypes.EuropeanOption)
    {
        var e = table.European;
        _rows = OptionRows.Resolve(this, table, e.Position, e.Quantity, e.Underlying, e.Curve, e.Put, e.Strike, e.ExpiryDay, firstRow, rows, firstTrade, markets);
        var n = _rows.Count;
        _price = new double[n];
        _greeks = Array.Exists(Measures, m => m.Measure is not (Measure.Pv or Measure.Pv01));
        _pv01 = Wants(Measure.Pv01);
        if (_greeks)
        {
            (_delta, _gamma, _vega, _theta, _rho, _dividendRho) = (new double[n], new double[n], new double[n], new double[n], new double[n], new double[n]);
        }

        if (_pv01)
        {
            _bumped = new double[n];
        }
    }

    public static EuropeanBatch? Prepare(BatchOutput output, TradeTable table, int firstTrade, int count, MarketSet markets)
    {
        var (firstRow, rows) = table.RowRange(ProductKind.EuropeanOption, firstTrade, count);
        return rows == 0 ? null : new EuropeanBatch(output, table, firstRow, rows, firstTrade, markets);
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
        if (_greeks)
        {
            BlackScholes.PriceAndGreeks(r.Sign, r.Spot, r.Strike, r.Rate, r.Dividend, r.Volatility, r.Time,
                new OptionGreeks(_price, _delta, _gamma, _vega, _theta, _rho, _dividendRho));
        }
        else
        {
            // the price-only kernel gives the same bits at half the cost
            BlackScholes.Price(r.Sign, r.Spot, r.Strike, r.Rate, r.Dividend, r.Volatility, r.Time, _price);
        }

        if (_pv01)
        {
            r.GatherRates(markets, market, bumped: true);
            BlackScholes.Price(r.Sign, r.Spot, r.Strike, r.Rate, r.Dividend, r.Volatility, r.Time, _bumped);
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
                        Measure.Theta => _theta,
                        Measure.Rho => _rho,
                        Measure.DividendRho => _dividendRho,
                        _ => throw new InvalidOperationException($"{measure} is not a European option measure."),
                    });
                    break;
            }
        }
    }
}
