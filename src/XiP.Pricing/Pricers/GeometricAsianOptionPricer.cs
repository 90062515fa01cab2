using System.Collections.Frozen;
using XiP.Numerics;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Pricing.Pricers;

/// <summary>
/// Geometric-average-price Asian options (QuantLib's analytic discrete and continuous geometric
/// engines): the rate is the discount curve's zero rate to expiry for the drift and the discounting.
/// </summary>
public sealed class GeometricAsianOptionPricer : IProductPricer
{
    public static GeometricAsianOptionPricer Default { get; } = new();

    public IReadOnlySet<Measure> SupportedMeasures { get; } = new[]
    {
        Measure.Pv, Measure.Delta, Measure.Gamma, Measure.Vega, Measure.Rho, Measure.DividendRho, Measure.Pv01,
    }.ToFrozenSet();

    public void Price(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<int> positions, IReadOnlyList<Measure> measures, ValuationSink sink)
    {
        var inputs = OptionInputs.Resolve(market, trades, positions, measures, sink, t => (EquityOptionTerms)(GeometricAsianOptionTrade)t);
        var n = inputs.Count;
        var meanTime = new double[n];
        var minTimeMean = new double[n];
        for (var i = 0; i < n; i++)
        {
            var trade = (GeometricAsianOptionTrade)trades[inputs.Source[i]];
            (meanTime[i], minTimeMean[i]) = trade.Averaging == Averaging.Continuous
                ? GeometricAsian.ContinuousFixingMoments(inputs.Expiry[i])
                : GeometricAsian.DiscreteFixingMoments(trade.FixingDates.Select(d => DayCount.YearFraction(market.ValuationDate, d)).Order().ToArray());
        }

        var price = new double[n];
        var delta = new double[n];
        var gamma = new double[n];
        var vega = new double[n];
        var rho = new double[n];
        var dividendRho = new double[n];
        GeometricAsian.PriceAndGreeks(inputs.Sign, inputs.Spot, inputs.Strike, inputs.Rate, inputs.Dividend, inputs.Volatility, inputs.Expiry, meanTime, minTimeMean,
            new OptionGreeks(price, delta, gamma, vega, [], rho, dividendRho));

        var bumped = new double[n];
        if (measures.Contains(Measure.Pv01))
        {
            var scratch = new double[n];
            GeometricAsian.PriceAndGreeks(inputs.Sign, inputs.Spot, inputs.Strike, inputs.BumpedRate, inputs.Dividend, inputs.Volatility, inputs.Expiry, meanTime, minTimeMean,
                new OptionGreeks(bumped, scratch, scratch, scratch, [], scratch, scratch));
        }

        for (var i = 0; i < n; i++)
        {
            var q = inputs.Quantity[i];
            var at = inputs.Position[i];
            foreach (var measure in measures)
            {
                sink.Set(at, measure, q * measure switch
                {
                    Measure.Pv => price[i],
                    Measure.Delta => delta[i],
                    Measure.Gamma => gamma[i],
                    Measure.Vega => vega[i],
                    Measure.Rho => rho[i],
                    Measure.DividendRho => dividendRho[i],
                    Measure.Pv01 => bumped[i] - price[i],
                    _ => throw new ArgumentOutOfRangeException(nameof(measures), measure, null),
                });
            }
        }
    }
}
