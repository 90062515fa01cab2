using System.Runtime.CompilerServices;
using XiP.Numerics.Simd;

namespace XiP.Numerics;

// The passes of the Asian kernel, each compiled as one loop per register width (see ILaneStep).
public static partial class GeometricAsian
{
    private readonly ref struct AsianBlock
    {
        // Options per block: the scratch columns (7 per option) stay in L1 between passes.
        public const int Size = 256;
        public const int ScratchLength = 7 * Size;

        public AsianBlock(OptionColumns inputs, ReadOnlySpan<double> meanFixingTime, ReadOnlySpan<double> minTimeMean, Span<double> scratch, OptionGreeks greeks, int start)
        {
            var n = inputs.Spot.Length;
            Inputs = inputs;
            MeanFixingTime = meanFixingTime;
            MinTimeMean = minTimeMean;
            Discount = scratch[..n];
            Forward = scratch.Slice(Size, n);
            StandardDeviation = scratch.Slice(2 * Size, n);
            Density = scratch.Slice(3 * Size, n);
            Arguments = scratch.Slice(4 * Size, 2 * n);
            Greeks = greeks;
            Start = (nuint)start;
        }

        public OptionColumns Inputs { get; }

        public ReadOnlySpan<double> MeanFixingTime { get; }

        public ReadOnlySpan<double> MinTimeMean { get; }

        /// <summary>e^(−rT).</summary>
        public Span<double> Discount { get; }

        /// <summary>F, the forward of the geometric average.</summary>
        public Span<double> Forward { get; }

        /// <summary>σ√M.</summary>
        public Span<double> StandardDeviation { get; }

        /// <summary>φ(d1).</summary>
        public Span<double> Density { get; }

        /// <summary>w·d1 for each option, then w·d2 for each: N of them after the CDF pass.</summary>
        public Span<double> Arguments { get; }

        /// <summary>The whole batch's destinations; this block's start at <see cref="Start"/>.</summary>
        public OptionGreeks Greeks { get; }

        public nuint Start { get; }

        public nuint Count => (nuint)Discount.Length;
    }

    private struct BlackArguments : ILaneStep<AsianBlock>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static nuint Run<T>(in AsianBlock b, nuint i, nuint n)
            where T : struct, ILane<T>
        {
            var c = b.Inputs;
            for (; i + (nuint)T.Count <= n; i += (nuint)T.Count)
            {
                c.Load<T>(i, out var w, out var s, out var k, out var r, out var q, out var sigma, out var expiry);
                var tBar = c.Load<T>(b.MeanFixingTime, i);
                var m = c.Load<T>(b.MinTimeMean, i);

                var variance = sigma * sigma;
                var drift = T.FusedMultiplyAdd(T.Broadcast(-0.5), variance, r - q);
                var forward = LaneMath.Exp(T.FusedMultiplyAdd(drift, tBar, T.FusedMultiplyAdd(T.Broadcast(0.5) * variance, m, LaneMath.Log(s))));
                var sd = sigma * T.Sqrt(m);
                var d1 = T.FusedMultiplyAdd(T.Broadcast(0.5), sd, LaneMath.LogRatio(forward, k) / sd);
                OptionColumns.Store(b.Discount, LaneMath.Exp(-r * expiry), i);
                OptionColumns.Store(b.Forward, forward, i);
                OptionColumns.Store(b.StandardDeviation, sd, i);
                OptionColumns.Store(b.Density, LaneMath.NormalDensity(d1), i);
                OptionColumns.Store(b.Arguments, w * d1, i);
                OptionColumns.Store(b.Arguments, w * (d1 - sd), i + b.Count);
            }

            return i;
        }
    }

    private struct GreeksFromBlack : ILaneStep<AsianBlock>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static nuint Run<T>(in AsianBlock b, nuint i, nuint n)
            where T : struct, ILane<T>
        {
            var c = b.Inputs;
            var g = b.Greeks;
            for (; i + (nuint)T.Count <= n; i += (nuint)T.Count)
            {
                var at = b.Start + i;
                var w = c.Load<T>(c.Sign, i);
                var s = c.Load<T>(c.Spot, i);
                var k = c.Load<T>(c.Strike, i);
                var sigma = c.Load<T>(c.Volatility, i);
                var expiry = c.Load<T>(c.Time, i);
                var tBar = c.Load<T>(b.MeanFixingTime, i);
                var m = c.Load<T>(b.MinTimeMean, i);
                var disc = c.Load<T>(b.Discount, i);
                var forward = c.Load<T>(b.Forward, i);
                var sd = c.Load<T>(b.StandardDeviation, i);
                var pdf = c.Load<T>(b.Density, i);
                var nd1 = c.Load<T>(b.Arguments, i);
                var nd2 = c.Load<T>(b.Arguments, i + b.Count);

                var black = w * (forward * nd1 - k * nd2);
                var dBlackdF = w * nd1;
                var dBlackdSd = forward * pdf;
                var forwardOverSpot = forward / s;

                var price = disc * black;
                OptionColumns.Store(g.Price, price, at);
                OptionColumns.Store(g.Delta, disc * dBlackdF * forwardOverSpot, at);
                OptionColumns.Store(g.Gamma, disc * pdf / (forward * sd) * forwardOverSpot * forwardOverSpot, at);
                OptionColumns.Store(g.Vega, disc * T.FusedMultiplyAdd(dBlackdF * forward, sigma * (m - tBar), dBlackdSd * T.Sqrt(m)), at);
                var forwardDrift = disc * dBlackdF * forward * tBar;
                OptionColumns.Store(g.Rho, T.FusedMultiplyAdd(-expiry, price, forwardDrift), at);
                OptionColumns.Store(g.DividendRho, -forwardDrift, at);
            }

            return i;
        }
    }
}
