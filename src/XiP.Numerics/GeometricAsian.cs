namespace XiP.Numerics;

/// <summary>
/// Geometric-average-price Asian options under Black–Scholes–Merton, averaging from today with no
/// past fixings, paid at expiry T.
/// </summary>
/// <remarks>
/// Both averaging styles reduce to one lognormal: ln G has mean ln S + (r − q − σ²/2)·t̄ and variance
/// σ²·M, where t̄ is the mean fixing time and M = (1/n²)·Σᵢ Σⱼ min(tᵢ, tⱼ). Discrete fixings give those
/// sums directly (see <see cref="DiscreteFixingMoments"/>); continuous averaging over [0, T] is the
/// limit t̄ = T/2, M = T/3 (Kemna–Vorst). The price is e^{−rT}·Black(F, K, σ√M) with
/// F = exp(ln S + (r − q − σ²/2)·t̄ + σ²M/2).
/// Theta is not produced: with averaging under way its meaning depends on how realised fixings
/// are treated, and the platform does not model fixings yet.
/// </remarks>
public static class GeometricAsian
{
    /// <summary>Mean fixing time t̄ and M = (1/n²)·ΣΣ min(tᵢ, tⱼ) of ascending fixing times.</summary>
    public static (double MeanTime, double MinTimeMean) DiscreteFixingMoments(ReadOnlySpan<double> ascendingFixingTimes)
    {
        var n = ascendingFixingTimes.Length;
        if (n == 0)
        {
            throw new ArgumentException("At least one fixing is needed.", nameof(ascendingFixingTimes));
        }

        double sum = 0.0, minSum = 0.0;
        for (var k = 0; k < n; k++)
        {
            var t = ascendingFixingTimes[k];
            sum += t;
            // in ascending order min(t_k, t_j) = t_k for the n − k − 1 later fixings, twice by symmetry, plus the diagonal
            minSum += t * (2 * (n - k) - 1);
        }

        return (sum / n, minSum / ((double)n * n));
    }

    /// <summary>Mean fixing time and M for continuous averaging over [0, T].</summary>
    public static (double MeanTime, double MinTimeMean) ContinuousFixingMoments(double expiry) => (0.5 * expiry, expiry / 3.0);

    /// <summary>Prices, delta, gamma, vega, rho and dividend rho of every option in the batch (theta is left untouched).</summary>
    public static void PriceAndGreeks(
        ReadOnlySpan<double> callPutSign,
        ReadOnlySpan<double> spot,
        ReadOnlySpan<double> strike,
        ReadOnlySpan<double> rate,
        ReadOnlySpan<double> dividendYield,
        ReadOnlySpan<double> volatility,
        ReadOnlySpan<double> expiry,
        ReadOnlySpan<double> meanFixingTime,
        ReadOnlySpan<double> minTimeMean,
        OptionGreeks destination)
    {
        var n = Checks.SameLength(callPutSign, spot, strike, rate, dividendYield, volatility, expiry);
        Checks.SameLength(meanFixingTime, expiry);
        Checks.SameLength(minTimeMean, expiry);
        destination.RequireLength(n, withTheta: false);
        for (var i = 0; i < n; i++)
        {
            One(callPutSign[i], spot[i], strike[i], rate[i], dividendYield[i], volatility[i], expiry[i], meanFixingTime[i], minTimeMean[i],
                out destination.Price[i], out destination.Delta[i], out destination.Gamma[i], out destination.Vega[i],
                out destination.Rho[i], out destination.DividendRho[i]);
        }
    }

    private static void One(double w, double s, double k, double r, double q, double sigma, double expiry, double tBar, double m,
        out double price, out double delta, out double gamma, out double vega, out double rho, out double dividendRho)
    {
        var disc = Math.Exp(-r * expiry);
        var forward = Math.Exp(Math.Log(s) + (r - q - 0.5 * sigma * sigma) * tBar + 0.5 * sigma * sigma * m);
        var sqrtM = Math.Sqrt(m);
        var sd = sigma * sqrtM;
        var d1 = Math.Log(forward / k) / sd + 0.5 * sd;
        var d2 = d1 - sd;
        var nd1 = NormalDistribution.Cdf(w * d1);
        var nd2 = NormalDistribution.Cdf(w * d2);
        var pdf = NormalDistribution.Pdf(d1);

        var black = w * (forward * nd1 - k * nd2);
        var dBlackdF = w * nd1;
        var dBlackdSd = forward * pdf;
        var forwardOverSpot = forward / s;

        price = disc * black;
        delta = disc * dBlackdF * forwardOverSpot;
        gamma = disc * pdf / (forward * sd) * forwardOverSpot * forwardOverSpot;
        vega = disc * (dBlackdF * forward * sigma * (m - tBar) + dBlackdSd * sqrtM);
        rho = -expiry * price + disc * dBlackdF * forward * tBar;
        dividendRho = -disc * dBlackdF * forward * tBar;
    }
}
