using System.Collections.Frozen;
using XiP.Numerics;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Pricing.Pricers;

/// <summary>
/// Black–Scholes–Merton European options: the rate is the discount curve's zero rate to expiry, the
/// dividend yield and volatility are the underlying equity's. Every measure is scaled by quantity.
/// </summary>
public sealed class EuropeanOptionPricer : IProductPricer
{
    public static EuropeanOptionPricer Default { get; } = new();

    public IReadOnlySet<Measure> SupportedMeasures { get; } = new[]
    {
        Measure.Pv, Measure.Delta, Measure.Gamma, Measure.Vega, Measure.Theta, Measure.Rho, Measure.DividendRho, Measure.Pv01,
    }.ToFrozenSet();

    public void Price(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<int> positions, IReadOnlyList<Measure> measures, ValuationSink sink)
    {
        var inputs = OptionInputs.Resolve(market, trades, positions, measures, sink, t => (EquityOptionTerms)(EuropeanOptionTrade)t);
        var n = inputs.Count;
        var price = new double[n];
        double[] delta = [], gamma = [], vega = [], theta = [], rho = [], dividendRho = [];
        if (measures.Any(m => m is not (Measure.Pv or Measure.Pv01)))
        {
            delta = new double[n];
            gamma = new double[n];
            vega = new double[n];
            theta = new double[n];
            rho = new double[n];
            dividendRho = new double[n];
            BlackScholes.PriceAndGreeks(inputs.Sign, inputs.Spot, inputs.Strike, inputs.Rate, inputs.Dividend, inputs.Volatility, inputs.Expiry,
                new OptionGreeks(price, delta, gamma, vega, theta, rho, dividendRho));
        }
        else
        {
            // the price-only kernel gives the same bits at half the cost
            BlackScholes.Price(inputs.Sign, inputs.Spot, inputs.Strike, inputs.Rate, inputs.Dividend, inputs.Volatility, inputs.Expiry, price);
        }

        double[]? bumped = null;
        if (measures.Contains(Measure.Pv01))
        {
            bumped = new double[n];
            BlackScholes.Price(inputs.Sign, inputs.Spot, inputs.Strike, inputs.BumpedRate, inputs.Dividend, inputs.Volatility, inputs.Expiry, bumped);
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
                    Measure.Theta => theta[i],
                    Measure.Rho => rho[i],
                    Measure.DividendRho => dividendRho[i],
                    Measure.Pv01 => bumped![i] - price[i],
                    _ => throw new ArgumentOutOfRangeException(nameof(measures), measure, null),
                });
            }
        }
    }
}

/// <summary>The terms every equity option shares.</summary>
internal readonly record struct EquityOptionTerms(string Underlying, OptionType OptionType, double Strike, DateOnly Expiry, string DiscountCurve)
{
    public static explicit operator EquityOptionTerms(EuropeanOptionTrade t) => new(t.Underlying, t.OptionType, t.Strike, t.Expiry, t.DiscountCurve);

    public static explicit operator EquityOptionTerms(GeometricAsianOptionTrade t) => new(t.Underlying, t.OptionType, t.Strike, t.Expiry, t.DiscountCurve);
}

/// <summary>Struct-of-arrays inputs of the option kernels for the trades whose market data resolved.</summary>
internal sealed class OptionInputs
{
    private OptionInputs(int capacity)
    {
        Position = new List<int>(capacity);
        Source = new List<int>(capacity);
        Quantity = new List<double>(capacity);
    }

    public List<int> Position { get; }
    /// <summary>Index of the trade in the pricer's input list.</summary>
    public List<int> Source { get; }
    public List<double> Quantity { get; }
    public int Count => Position.Count;
    public double[] Sign { get; private set; } = [];
    public double[] Spot { get; private set; } = [];
    public double[] Strike { get; private set; } = [];
    public double[] Rate { get; private set; } = [];
    public double[] BumpedRate { get; private set; } = [];
    public double[] Dividend { get; private set; } = [];
    public double[] Volatility { get; private set; } = [];
    public double[] Expiry { get; private set; } = [];

    public static OptionInputs Resolve(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<int> positions,
        IReadOnlyList<Measure> measures, ValuationSink sink, Func<Trade, EquityOptionTerms> terms)
    {
        var inputs = new OptionInputs(trades.Count);
        var sign = new List<double>(trades.Count);
        var spot = new List<double>(trades.Count);
        var strike = new List<double>(trades.Count);
        var rate = new List<double>(trades.Count);
        var bumped = new List<double>(trades.Count);
        var dividend = new List<double>(trades.Count);
        var vol = new List<double>(trades.Count);
        var expiry = new List<double>(trades.Count);
        var pv01Curves = CurveShifts.Pv01Curves(market);
        var wantsPv01 = measures.Contains(Measure.Pv01);
        for (var i = 0; i < trades.Count; i++)
        {
            var option = terms(trades[i]);
            if (!market.Equities.TryGetValue(option.Underlying, out var equity))
            {
                sink.Fail(positions[i], measures, $"the market data has no equity '{option.Underlying}'.");
                continue;
            }

            if (!market.Curves.TryGetValue(option.DiscountCurve, out var curve))
            {
                sink.Fail(positions[i], measures, $"the market data has no curve '{option.DiscountCurve}'.");
                continue;
            }

            var t = DayCount.YearFraction(market.ValuationDate, option.Expiry);
            if (t < 0.0)
            {
                sink.Fail(positions[i], measures, "the option expired before the valuation date.");
                continue;
            }

            inputs.Position.Add(positions[i]);
            inputs.Source.Add(i);
            inputs.Quantity.Add(trades[i].Quantity);
            sign.Add(option.OptionType.Sign());
            spot.Add(equity.Spot);
            strike.Add(option.Strike);
            rate.Add(curve.ZeroRate(t));
            bumped.Add(wantsPv01 ? pv01Curves(option.DiscountCurve).ZeroRate(t) : 0.0);
            dividend.Add(equity.DividendYield);
            vol.Add(equity.Volatility);
            expiry.Add(t);
        }

        inputs.Sign = [.. sign];
        inputs.Spot = [.. spot];
        inputs.Strike = [.. strike];
        inputs.Rate = [.. rate];
        inputs.BumpedRate = [.. bumped];
        inputs.Dividend = [.. dividend];
        inputs.Volatility = [.. vol];
        inputs.Expiry = [.. expiry];
        return inputs;
    }
}
