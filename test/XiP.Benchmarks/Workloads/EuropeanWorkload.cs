using XiP.Numerics;

namespace XiP.Benchmarks.Workloads;

/// <summary>A batch of European options as struct-of-arrays columns, with preallocated destinations.</summary>
internal sealed class EuropeanWorkload
{
    public const int DefaultCount = 4096;

    private readonly double[] _sign;
    private readonly double[] _spot;
    private readonly double[] _strike;
    private readonly double[] _rate;
    private readonly double[] _dividend;
    private readonly double[] _volatility;
    private readonly double[] _time;
    private readonly double[][] _greeks;
    private readonly double[] _prices;

    /// <param name="farFromTheMoney">
    /// Strikes 25–30% either side of spot with low volatility, so (nearly) every normal CDF argument lies
    /// beyond |x| = 1, where the CDF needs an exponential: the slow end of the kernel's range. Otherwise
    /// moneyness 0.7–1.3, volatility 10–60%, 0.05–3 years.
    /// </param>
    public EuropeanWorkload(int count = DefaultCount, int seed = 20240115, bool farFromTheMoney = false)
    {
        var random = new Random(seed);
        Count = count;
        _sign = new double[count];
        _spot = new double[count];
        _strike = new double[count];
        _rate = new double[count];
        _dividend = new double[count];
        _volatility = new double[count];
        _time = new double[count];
        for (var i = 0; i < count; i++)
        {
            _sign[i] = random.Next(2) == 0 ? 1.0 : -1.0;
            _spot[i] = 50.0 + 100.0 * random.NextDouble();
            _rate[i] = 0.05 * random.NextDouble();
            _dividend[i] = 0.03 * random.NextDouble();
            if (farFromTheMoney)
            {
                _strike[i] = _spot[i] * (random.Next(2) == 0 ? 0.75 : 1.3) * (0.97 + 0.06 * random.NextDouble());
                _volatility[i] = 0.1 + 0.1 * random.NextDouble();
                _time[i] = 0.25 + 0.75 * random.NextDouble();
            }
            else
            {
                _strike[i] = _spot[i] * (0.7 + 0.6 * random.NextDouble());
                _volatility[i] = 0.1 + 0.5 * random.NextDouble();
                _time[i] = 0.05 + 2.95 * random.NextDouble();
            }
        }

        _greeks = [.. Enumerable.Range(0, 7).Select(_ => new double[count])];
        _prices = new double[count];
    }

    public int Count { get; }

    /// <summary>Price, delta, gamma, vega, theta, rho, dividend rho.</summary>
    public IReadOnlyList<double[]> Greeks => _greeks;

    public double[] Prices => _prices;

    public void PriceAndGreeks() =>
        BlackScholes.PriceAndGreeks(_sign, _spot, _strike, _rate, _dividend, _volatility, _time,
            new OptionGreeks(_greeks[0], _greeks[1], _greeks[2], _greeks[3], _greeks[4], _greeks[5], _greeks[6]));

    public void Price() =>
        BlackScholes.Price(_sign, _spot, _strike, _rate, _dividend, _volatility, _time, _prices);
}
