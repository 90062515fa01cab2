namespace XiP.Numerics;

/// <summary>
/// Black–Scholes–Merton European option kernels over struct-of-arrays batches: flat continuously
/// compounded rate r and dividend yield q, flat volatility σ, time to expiry T in years.
/// </summary>
/// <remarks>
/// Option type is carried as a sign: +1 for a call, −1 for a put, so a batch can mix both without
/// branching. At T = 0 (expiry today) the value is the intrinsic value and the Greeks are those of
/// the payoff (delta ±1 or 0, everything else 0).
/// </remarks>
public static class BlackScholes
{
    /// <summary>Prices and all six Greeks of every option in the batch in one pass.</summary>
    public static void PriceAndGreeks(
        ReadOnlySpan<double> callPutSign,
        ReadOnlySpan<double> spot,
        ReadOnlySpan<double> strike,
        ReadOnlySpan<double> rate,
        ReadOnlySpan<double> dividendYield,
        ReadOnlySpan<double> volatility,
        ReadOnlySpan<double> time,
        OptionGreeks destination)
    {
        var n = Checks.SameLength(callPutSign, spot, strike, rate, dividendYield, volatility, time);
        destination.RequireLength(n, withTheta: true);
        for (var i = 0; i < n; i++)
        {
            One(callPutSign[i], spot[i], strike[i], rate[i], dividendYield[i], volatility[i], time[i],
                out destination.Price[i], out destination.Delta[i], out destination.Gamma[i], out destination.Vega[i],
                out destination.Theta[i], out destination.Rho[i], out destination.DividendRho[i]);
        }
    }

    /// <summary>Prices every option in the batch.</summary>
    public static void Price(
        ReadOnlySpan<double> callPutSign,
        ReadOnlySpan<double> spot,
        ReadOnlySpan<double> strike,
        ReadOnlySpan<double> rate,
        ReadOnlySpan<double> dividendYield,
        ReadOnlySpan<double> volatility,
        ReadOnlySpan<double> time,
        Span<double> destination)
    {
        var n = Checks.SameLength(callPutSign, spot, strike, rate, dividendYield, volatility, time);
        Checks.Destination(destination, n);
        for (var i = 0; i < n; i++)
        {
            destination[i] = PriceOne(callPutSign[i], spot[i], strike[i], rate[i], dividendYield[i], volatility[i], time[i]);
        }
    }

    private static double PriceOne(double w, double s, double k, double r, double q, double sigma, double t)
    {
        if (t <= 0.0)
        {
            return Math.Max(w * (s - k), 0.0);
        }

        var sd = sigma * Math.Sqrt(t);
        var d1 = (Math.Log(s / k) + (r - q + 0.5 * sigma * sigma) * t) / sd;
        var d2 = d1 - sd;
        var forwardSpot = s * Math.Exp(-q * t);
        var discountedStrike = k * Math.Exp(-r * t);
        return w * (forwardSpot * NormalDistribution.Cdf(w * d1) - discountedStrike * NormalDistribution.Cdf(w * d2));
    }

    private static void One(double w, double s, double k, double r, double q, double sigma, double t,
        out double price, out double delta, out double gamma, out double vega, out double theta, out double rho, out double dividendRho)
    {
        if (t <= 0.0)
        {
            var inTheMoney = w * (s - k) > 0.0;
            price = inTheMoney ? w * (s - k) : 0.0;
            delta = inTheMoney ? w : 0.0;
            gamma = vega = theta = rho = dividendRho = 0.0;
            return;
        }

        var sqrtT = Math.Sqrt(t);
        var sd = sigma * sqrtT;
        var d1 = (Math.Log(s / k) + (r - q + 0.5 * sigma * sigma) * t) / sd;
        var d2 = d1 - sd;
        var dq = Math.Exp(-q * t);
        var dr = Math.Exp(-r * t);
        var nd1 = NormalDistribution.Cdf(w * d1);
        var nd2 = NormalDistribution.Cdf(w * d2);
        var pdf = NormalDistribution.Pdf(d1);
        var spotLeg = s * dq * nd1;
        var strikeLeg = k * dr * nd2;

        price = w * (spotLeg - strikeLeg);
        delta = w * dq * nd1;
        gamma = dq * pdf / (s * sd);
        vega = s * dq * pdf * sqrtT;
        theta = -s * dq * pdf * sigma / (2.0 * sqrtT) + w * (q * spotLeg - r * strikeLeg);
        rho = w * t * strikeLeg;
        dividendRho = -w * t * spotLeg;
    }
}
