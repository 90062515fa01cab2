using System.Runtime.CompilerServices;
using XiP.Numerics.Simd;

namespace XiP.Numerics;

// The passes of the two kernels, each compiled as one loop per register width (see ILaneStep).
public static partial class BlackScholes
{
    // One block's inputs and scratch columns. The CDF arguments w·d1 and w·d2 are one span, so their
    // normal CDFs are one batch (and replace them in place).
    private readonly ref struct OptionBlock
    {
        // Options per block: the scratch columns (7 per option) stay in L1 between passes.
        public const int Size = 256;
        public const int ScratchLength = 7 * Size;

        public OptionBlock(OptionColumns inputs, Span<double> scratch)
        {
            var n = inputs.Spot.Length;
            Inputs = inputs;
            LogMoneyness = scratch[..n];
            SpotDiscount = scratch.Slice(Size, n);
            StrikeDiscount = scratch.Slice(2 * Size, n);
            Arguments = scratch.Slice(3 * Size, 2 * n);
            Density = scratch.Slice(5 * Size, n);
            SqrtTime = scratch.Slice(6 * Size, n);
        }

        public OptionColumns Inputs { get; }

        public Span<double> LogMoneyness { get; }

        /// <summary>e^(−qT).</summary>
        public Span<double> SpotDiscount { get; }

        /// <summary>e^(−rT).</summary>
        public Span<double> StrikeDiscount { get; }

        /// <summary>w·d1 for each option, then w·d2 for each: N of them after the CDF pass.</summary>
        public Span<double> Arguments { get; }

        /// <summary>φ(d1) (Greeks only).</summary>
        public Span<double> Density { get; }

        /// <summary>√T (Greeks only).</summary>
        public Span<double> SqrtTime { get; }

        public nuint Count => (nuint)LogMoneyness.Length;
    }

    private readonly ref struct PriceBlock(OptionBlock block, Span<double> prices)
    {
        public OptionBlock Block { get; } = block;

        public Span<double> Prices { get; } = prices;
    }

    private readonly ref struct GreeksBlock(OptionBlock block, OptionGreeks greeks)
    {
        public OptionBlock Block { get; } = block;

        public OptionGreeks Greeks { get; } = greeks;
    }

    private struct LogMoneyness : ILaneStep<OptionBlock>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static nuint Run<T>(in OptionBlock b, nuint i, nuint n)
            where T : struct, ILane<T>
        {
            var c = b.Inputs;
            for (; i + (nuint)T.Count <= n; i += (nuint)T.Count)
            {
                OptionColumns.Store(b.LogMoneyness, LaneMath.LogRatio(c.Load<T>(c.Spot, i), c.Load<T>(c.Strike, i)), i);
            }

            return i;
        }
    }

    private struct Discounts : ILaneStep<OptionBlock>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static nuint Run<T>(in OptionBlock b, nuint i, nuint n)
            where T : struct, ILane<T>
        {
            var c = b.Inputs;
            for (; i + (nuint)T.Count <= n; i += (nuint)T.Count)
            {
                var t = c.Load<T>(c.Time, i);
                OptionColumns.Store(b.SpotDiscount, LaneMath.Exp(-c.Load<T>(c.Dividend, i) * t), i);
                OptionColumns.Store(b.StrikeDiscount, LaneMath.Exp(-c.Load<T>(c.Rate, i) * t), i);
            }

            return i;
        }
    }

    private struct CdfArguments : ILaneStep<OptionBlock>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static nuint Run<T>(in OptionBlock b, nuint i, nuint n)
            where T : struct, ILane<T>
        {
            for (; i + (nuint)T.Count <= n; i += (nuint)T.Count)
            {
                Arguments(b, i, T.Sqrt(b.Inputs.Load<T>(b.Inputs.Time, i)));
            }

            return i;
        }
    }

    private struct CdfArgumentsAndDensity : ILaneStep<OptionBlock>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static nuint Run<T>(in OptionBlock b, nuint i, nuint n)
            where T : struct, ILane<T>
        {
            for (; i + (nuint)T.Count <= n; i += (nuint)T.Count)
            {
                var sqrtT = T.Sqrt(b.Inputs.Load<T>(b.Inputs.Time, i));
                var d1 = Arguments(b, i, sqrtT);
                OptionColumns.Store(b.SqrtTime, sqrtT, i);
                // φ(d1) = φ(−d1): the same for calls and puts
                OptionColumns.Store(b.Density, LaneMath.NormalDensity(d1), i);
            }

            return i;
        }
    }

    private struct PriceFromLegs : ILaneStep<PriceBlock>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static nuint Run<T>(in PriceBlock p, nuint i, nuint n)
            where T : struct, ILane<T>
        {
            var b = p.Block;
            var c = b.Inputs;
            for (; i + (nuint)T.Count <= n; i += (nuint)T.Count)
            {
                var w = c.Load<T>(c.Sign, i);
                var s = c.Load<T>(c.Spot, i);
                var k = c.Load<T>(c.Strike, i);
                var spotLeg = s * c.Load<T>(b.SpotDiscount, i) * c.Load<T>(b.Arguments, i);
                var strikeLeg = k * c.Load<T>(b.StrikeDiscount, i) * c.Load<T>(b.Arguments, i + b.Count);
                var expired = T.LessThanOrEqual(c.Load<T>(c.Time, i), T.Broadcast(0.0));
                OptionColumns.Store(p.Prices, T.Select(expired, Intrinsic(w, s, k), w * (spotLeg - strikeLeg)), i);
            }

            return i;
        }
    }

    private struct GreeksFromLegs : ILaneStep<GreeksBlock>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static nuint Run<T>(in GreeksBlock p, nuint i, nuint n)
            where T : struct, ILane<T>
        {
            var b = p.Block;
            var c = b.Inputs;
            var g = p.Greeks;
            for (; i + (nuint)T.Count <= n; i += (nuint)T.Count)
            {
                c.Load<T>(i, out var w, out var s, out var k, out var r, out var q, out var sigma, out var t);
                var dq = c.Load<T>(b.SpotDiscount, i);
                var nd1 = c.Load<T>(b.Arguments, i);
                var nd2 = c.Load<T>(b.Arguments, i + b.Count);
                var pdf = c.Load<T>(b.Density, i);
                var sqrtT = c.Load<T>(b.SqrtTime, i);
                var discountedSpot = s * dq;
                var spotLeg = discountedSpot * nd1;
                var strikeLeg = k * c.Load<T>(b.StrikeDiscount, i) * nd2;
                var spotDensity = discountedSpot * pdf;

                var expired = T.LessThanOrEqual(t, T.Broadcast(0.0));
                var zero = T.Broadcast(0.0);
                var intrinsic = Intrinsic(w, s, k);
                var inTheMoney = T.GreaterThan(intrinsic, zero);
                OptionColumns.Store(g.Price, T.Select(expired, intrinsic, w * (spotLeg - strikeLeg)), i);
                OptionColumns.Store(g.Delta, T.Select(expired, T.Select(inTheMoney, w, zero), w * dq * nd1), i);
                OptionColumns.Store(g.Gamma, T.Select(expired, zero, dq * pdf / (s * (sigma * sqrtT))), i);
                OptionColumns.Store(g.Vega, T.Select(expired, zero, spotDensity * sqrtT), i);
                var theta = T.FusedMultiplyAdd(-spotDensity, sigma / (T.Broadcast(2.0) * sqrtT), w * (q * spotLeg - r * strikeLeg));
                OptionColumns.Store(g.Theta, T.Select(expired, zero, theta), i);
                OptionColumns.Store(g.Rho, T.Select(expired, zero, w * t * strikeLeg), i);
                OptionColumns.Store(g.DividendRho, T.Select(expired, zero, -w * t * spotLeg), i);
            }

            return i;
        }
    }

    // d1 from the block's log-moneyness; stores w·d1 and w·d2 and returns d1
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Arguments<T>(in OptionBlock b, nuint i, T sqrtT)
        where T : struct, ILane<T>
    {
        var c = b.Inputs;
        var w = c.Load<T>(c.Sign, i);
        var sigma = c.Load<T>(c.Volatility, i);
        var sd = sigma * sqrtT;
        var drift = T.FusedMultiplyAdd(T.Broadcast(0.5) * sigma, sigma, c.Load<T>(c.Rate, i) - c.Load<T>(c.Dividend, i));
        var d1 = T.FusedMultiplyAdd(drift, c.Load<T>(c.Time, i), c.Load<T>(b.LogMoneyness, i)) / sd;
        OptionColumns.Store(b.Arguments, w * d1, i);
        OptionColumns.Store(b.Arguments, w * (d1 - sd), i + b.Count);
        return d1;
    }
}
