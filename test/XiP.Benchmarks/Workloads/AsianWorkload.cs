using XiP.Numerics;

namespace XiP.Benchmarks.Workloads;

/// <summary>
/// A batch of geometric Asian options: half averaged over monthly discrete fixings, half continuously;
/// the fixing moments are computed once when the batch is built, as a pricer would per trade.
/// </summary>
internal sealed class AsianWorkload
{
    public const int DefaultCount = 4096;

    private readonly double[] _sign;
    private readonly double[] _spot;
    private readonly double[] _strike;
    private readonly double[] _rate;
    private readonly double[] _dividend;
    private readonly double[] _volatility;
    private readonly double[] _expiry;
    private readonly double[] _meanTime;
    private readonly double[] _minTimeMean;
    private readonly double[][] _greeks;

    public AsianWorkload(int count = DefaultCount, int seed = 20240116)
    {
        var random = new Random(seed);
        Count = count;
        _sign = new double[count];
        _spot = new double[count];
        _strike = new double[count];
        _rate = new double[count];
        _dividend = new double[count];
        _volatility = new double[count];
        _expiry = new double[count];
        _meanTime = new double[count];
        _minTimeMean = new double[count];
        var fixings = new double[36];
        for (var i = 0; i < count; i++)
        {
            _sign[i] = random.Next(2) == 0 ? 1.0 : -1.0;
            _spot[i] = 50.0 + 100.0 * random.NextDouble();
            _strike[i] = _spot[i] * (0.8 + 0.4 * random.NextDouble());
            _rate[i] = 0.05 * random.NextDouble();
            _dividend[i] = 0.03 * random.NextDouble();
            _volatility[i] = 0.1 + 0.5 * random.NextDouble();
            var expiry = 0.1 + 2.9 * random.NextDouble();
            _expiry[i] = expiry;
            if (i % 2 == 0)
            {
                var n = Math.Max(1, (int)Math.Ceiling(expiry * 12.0));
                for (var k = 0; k < n; k++)
                {
                    fixings[k] = expiry * (k + 1) / n;
                }

                (_meanTime[i], _minTimeMean[i]) = GeometricAsian.DiscreteFixingMoments(fixings.AsSpan(0, n));
            }
            else
            {
                (_meanTime[i], _minTimeMean[i]) = GeometricAsian.ContinuousFixingMoments(expiry);
            }
        }

        _greeks = [.. Enumerable.Range(0, 7).Select(_ => new double[count])];
    }

    public int Count { get; }

    /// <summary>Price, delta, gamma, vega, rho, dividend rho (theta is not produced by the kernel).</summary>
    public IReadOnlyList<double[]> Outputs => [_greeks[0], _greeks[1], _greeks[2], _greeks[3], _greeks[5], _greeks[6]];

    public void PriceAndGreeks() =>
        GeometricAsian.PriceAndGreeks(_sign, _spot, _strike, _rate, _dividend, _volatility, _expiry, _meanTime, _minTimeMean,
            new OptionGreeks(_greeks[0], _greeks[1], _greeks[2], _greeks[3], _greeks[4], _greeks[5], _greeks[6]));
}
