using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using XiP.Numerics.Simd;

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
        var n = (nuint)Checks.SameLength(callPutSign, spot, strike, rate, dividendYield, volatility, expiry);
        Checks.SameLength(meanFixingTime, expiry);
        Checks.SameLength(minTimeMean, expiry);
        destination.RequireLength((int)n, withTheta: false);
        var inputs = new OptionColumns(callPutSign, spot, strike, rate, dividendYield, volatility, expiry);
        nuint i = 0;
        if (SimdPolicy.Use512)
        {
            for (; i + 8 <= n; i += 8)
            {
                Greeks<Lane512>(inputs, meanFixingTime, minTimeMean, destination, i);
            }
        }

        if (SimdPolicy.Use256)
        {
            for (; i + 8 <= n; i += 8)
            {
                Greeks<Lane256x2>(inputs, meanFixingTime, minTimeMean, destination, i);
            }

            for (; i + 4 <= n; i += 4)
            {
                Greeks<Lane256>(inputs, meanFixingTime, minTimeMean, destination, i);
            }
        }

        if (SimdPolicy.Use128)
        {
            for (; i + 2 <= n; i += 2)
            {
                Greeks<Lane128>(inputs, meanFixingTime, minTimeMean, destination, i);
            }
        }

        for (; i < n; i++)
        {
            Greeks<Lane1>(inputs, meanFixingTime, minTimeMean, destination, i);
        }
    }

    private static void Greeks<T>(in OptionColumns c, ReadOnlySpan<double> meanFixingTime, ReadOnlySpan<double> minTimeMean, in OptionGreeks g, nuint i)
        where T : struct, ILane<T>
    {
        c.Load<T>(i, out var w, out var s, out var k, out var r, out var q, out var sigma, out var expiry);
        var tBar = c.Load<T>(meanFixingTime, i);
        var m = c.Load<T>(minTimeMean, i);

        var disc = LaneMath.Exp(-r * expiry);
        var variance = sigma * sigma;
        var drift = T.FusedMultiplyAdd(T.Broadcast(-0.5), variance, r - q);
        var forward = LaneMath.Exp(T.FusedMultiplyAdd(drift, tBar, T.FusedMultiplyAdd(T.Broadcast(0.5) * variance, m, LaneMath.Log(s))));
        var sqrtM = T.Sqrt(m);
        var sd = sigma * sqrtM;
        var d1 = T.FusedMultiplyAdd(T.Broadcast(0.5), sd, LaneMath.Log(forward / k) / sd);
        var d2 = d1 - sd;
        var nd1 = LaneMath.NormalCdfAndDensity(w * d1, out var pdf);
        var nd2 = LaneMath.NormalCdf(w * d2);

        var black = w * (forward * nd1 - k * nd2);
        var dBlackdF = w * nd1;
        var dBlackdSd = forward * pdf;
        var forwardOverSpot = forward / s;

        var price = disc * black;
        OptionColumns.Store(g.Price, price, i);
        OptionColumns.Store(g.Delta, disc * dBlackdF * forwardOverSpot, i);
        OptionColumns.Store(g.Gamma, disc * pdf / (forward * sd) * forwardOverSpot * forwardOverSpot, i);
        OptionColumns.Store(g.Vega, disc * T.FusedMultiplyAdd(dBlackdF * forward, sigma * (m - tBar), dBlackdSd * sqrtM), i);
        var forwardDrift = disc * dBlackdF * forward * tBar;
        OptionColumns.Store(g.Rho, T.FusedMultiplyAdd(-expiry, price, forwardDrift), i);
        OptionColumns.Store(g.DividendRho, -forwardDrift, i);
    }

}
