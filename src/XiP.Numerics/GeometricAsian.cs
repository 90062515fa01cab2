using System.Runtime.CompilerServices;
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
public static partial class GeometricAsian
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
    /// <remarks>In passes over blocks of options, the normal CDFs of a block together, as in <see cref="BlackScholes"/>.</remarks>
    [SkipLocalsInit]
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
        var inputs = new OptionColumns(callPutSign, spot, strike, rate, dividendYield, volatility, expiry);
        var scratch = Scratch.Aligned(stackalloc double[AsianBlock.ScratchLength + Scratch.AlignmentSlack]);
        for (var start = 0; start < n; start += AsianBlock.Size)
        {
            var count = Math.Min(AsianBlock.Size, n - start);
            var block = new AsianBlock(
                inputs.Slice(start, count), meanFixingTime.Slice(start, count), minTimeMean.Slice(start, count), scratch, destination, start);
            LaneLoop.ForEach<BlackArguments, AsianBlock>(block, count);
            NormalDistribution.Cdf(block.Arguments, block.Arguments);
            LaneLoop.ForEach<GreeksFromBlack, AsianBlock>(block, count);
        }
    }
}
