using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using XiP.Numerics.Simd;

namespace XiP.Numerics;

/// <summary>
/// Black–Scholes–Merton European option kernels over struct-of-arrays batches: flat continuously
/// compounded rate r and dividend yield q, flat volatility σ, time to expiry T in years.
/// </summary>
/// <remarks>
/// Option type is carried as a sign: +1 for a call, −1 for a put, so a batch can mix both without
/// branching. At T = 0 (expiry today) the value is the intrinsic value and the Greeks are those of
/// the payoff (delta ±1 or 0, everything else 0). Each element's result is the same bits whatever
/// register width computed it (see <see cref="ILane{TSelf}"/>).
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
        var n = (nuint)Checks.SameLength(callPutSign, spot, strike, rate, dividendYield, volatility, time);
        destination.RequireLength((int)n, withTheta: true);
        var inputs = new OptionColumns(callPutSign, spot, strike, rate, dividendYield, volatility, time);
        nuint i = 0;
        if (SimdPolicy.Use512)
        {
            for (; i + 8 <= n; i += 8)
            {
                Greeks<Lane512>(inputs, destination, i);
            }
        }

        if (SimdPolicy.Use256)
        {
            for (; i + 8 <= n; i += 8)
            {
                Greeks<Lane256x2>(inputs, destination, i);
            }

            for (; i + 4 <= n; i += 4)
            {
                Greeks<Lane256>(inputs, destination, i);
            }
        }

        if (SimdPolicy.Use128)
        {
            for (; i + 2 <= n; i += 2)
            {
                Greeks<Lane128>(inputs, destination, i);
            }
        }

        for (; i < n; i++)
        {
            Greeks<Lane1>(inputs, destination, i);
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
        var n = (nuint)Checks.SameLength(callPutSign, spot, strike, rate, dividendYield, volatility, time);
        Checks.Destination(destination, (int)n);
        var inputs = new OptionColumns(callPutSign, spot, strike, rate, dividendYield, volatility, time);
        ref var d = ref MemoryMarshal.GetReference(destination);
        nuint i = 0;
        if (SimdPolicy.Use512)
        {
            for (; i + 8 <= n; i += 8)
            {
                Lane512.Store(PriceOf<Lane512>(inputs, i), ref d, i);
            }
        }

        if (SimdPolicy.Use256)
        {
            for (; i + 8 <= n; i += 8)
            {
                Lane256x2.Store(PriceOf<Lane256x2>(inputs, i), ref d, i);
            }

            for (; i + 4 <= n; i += 4)
            {
                Lane256.Store(PriceOf<Lane256>(inputs, i), ref d, i);
            }
        }

        if (SimdPolicy.Use128)
        {
            for (; i + 2 <= n; i += 2)
            {
                Lane128.Store(PriceOf<Lane128>(inputs, i), ref d, i);
            }
        }

        for (; i < n; i++)
        {
            Lane1.Store(PriceOf<Lane1>(inputs, i), ref d, i);
        }
    }

    private static T PriceOf<T>(in OptionColumns c, nuint i)
        where T : struct, ILane<T>
    {
        c.Load<T>(i, out var w, out var s, out var k, out var r, out var q, out var sigma, out var t);

        var sd = sigma * T.Sqrt(t);
        var d1 = T.FusedMultiplyAdd(T.FusedMultiplyAdd(T.Broadcast(0.5) * sigma, sigma, r - q), t, LaneMath.Log(s / k)) / sd;
        var d2 = d1 - sd;
        var spotLeg = s * LaneMath.Exp(-q * t) * LaneMath.NormalCdf(w * d1);
        var strikeLeg = k * LaneMath.Exp(-r * t) * LaneMath.NormalCdf(w * d2);
        var price = w * (spotLeg - strikeLeg);
        return T.Select(T.LessThanOrEqual(t, T.Broadcast(0.0)), Intrinsic(w, s, k), price);
    }

    private static void Greeks<T>(in OptionColumns c, in OptionGreeks g, nuint i)
        where T : struct, ILane<T>
    {
        c.Load<T>(i, out var w, out var s, out var k, out var r, out var q, out var sigma, out var t);

        var sqrtT = T.Sqrt(t);
        var sd = sigma * sqrtT;
        var d1 = T.FusedMultiplyAdd(T.FusedMultiplyAdd(T.Broadcast(0.5) * sigma, sigma, r - q), t, LaneMath.Log(s / k)) / sd;
        var d2 = d1 - sd;
        var dq = LaneMath.Exp(-q * t);
        var dr = LaneMath.Exp(-r * t);
        // φ(d1) = φ(−d1): the density from either sign of the call/put argument
        var nd1 = LaneMath.NormalCdfAndDensity(w * d1, out var pdf);
        var nd2 = LaneMath.NormalCdf(w * d2);
        var discountedSpot = s * dq;
        var spotLeg = discountedSpot * nd1;
        var strikeLeg = k * dr * nd2;
        var spotDensity = discountedSpot * pdf;

        var expired = T.LessThanOrEqual(t, T.Broadcast(0.0));
        var zero = T.Broadcast(0.0);
        var intrinsic = Intrinsic(w, s, k);
        var inTheMoney = T.GreaterThan(intrinsic, zero);
        OptionColumns.Store(g.Price, T.Select(expired, intrinsic, w * (spotLeg - strikeLeg)), i);
        OptionColumns.Store(g.Delta, T.Select(expired, T.Select(inTheMoney, w, zero), w * dq * nd1), i);
        OptionColumns.Store(g.Gamma, T.Select(expired, zero, dq * pdf / (s * sd)), i);
        OptionColumns.Store(g.Vega, T.Select(expired, zero, spotDensity * sqrtT), i);
        var theta = T.FusedMultiplyAdd(-spotDensity, sigma / (T.Broadcast(2.0) * sqrtT), w * (q * spotLeg - r * strikeLeg));
        OptionColumns.Store(g.Theta, T.Select(expired, zero, theta), i);
        OptionColumns.Store(g.Rho, T.Select(expired, zero, w * t * strikeLeg), i);
        OptionColumns.Store(g.DividendRho, T.Select(expired, zero, -w * t * spotLeg), i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Intrinsic<T>(T w, T s, T k)
        where T : struct, ILane<T>
    {
        var payoff = w * (s - k);
        return T.Select(T.GreaterThan(payoff, T.Broadcast(0.0)), payoff, T.Broadcast(0.0));
    }

}
