using System.Runtime.CompilerServices;
using XiP.Numerics.Simd;

namespace XiP.Numerics;

/// <summary>
/// Black–Scholes–Merton European option kernels over struct-of-arrays batches: flat continuously
/// compounded rate r and dividend yield q, flat volatility σ, time to expiry T in years.
/// </summary>
/// <remarks>
/// <para>
/// Option type is carried as a sign: +1 for a call, −1 for a put, so a batch can mix both without
/// branching. At T = 0 (expiry today) the value is the intrinsic value and the Greeks are those of
/// the payoff (delta ±1 or 0, everything else 0). Each element's result is the same bits whatever
/// register width computed it (see <see cref="ILane{TSelf}"/>), and the price is the same bits from
/// <see cref="Price"/> and <see cref="PriceAndGreeks"/>.
/// </para>
/// <para>
/// Both kernels work in passes over blocks of options, each pass one short computation over the whole
/// block (log-moneyness; discount factors; CDF arguments; the normal CDFs; the results): one option's
/// chain (log → d1 → two normal CDFs → price) is too long for the processor to overlap options, short
/// passes over independent elements are not. The block's normal CDFs are evaluated together
/// (<see cref="NormalDistribution.Cdf(ReadOnlySpan{double}, Span{double})"/>): a polynomial near zero, the
/// arguments away from zero packed and evaluated apart.
/// </para>
/// </remarks>
public static partial class BlackScholes
{
    /// <summary>Prices and all six Greeks of every option in the batch.</summary>
    [SkipLocalsInit]
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
        var inputs = new OptionColumns(callPutSign, spot, strike, rate, dividendYield, volatility, time);
        var scratch = Scratch.Aligned(stackalloc double[OptionBlock.ScratchLength + Scratch.AlignmentSlack]);
        for (var start = 0; start < n; start += OptionBlock.Size)
        {
            var count = Math.Min(OptionBlock.Size, n - start);
            var block = new OptionBlock(inputs.Slice(start, count), scratch);
            LaneLoop.ForEach<LogMoneyness, OptionBlock>(block, count);
            LaneLoop.ForEach<Discounts, OptionBlock>(block, count);
            LaneLoop.ForEach<CdfArgumentsAndDensity, OptionBlock>(block, count);
            NormalDistribution.Cdf(block.Arguments, block.Arguments);
            var results = new GreeksBlock(block, destination.Slice(start, count));
            LaneLoop.ForEach<GreeksFromLegs, GreeksBlock>(results, count);
        }
    }

    /// <summary>Prices every option in the batch.</summary>
    [SkipLocalsInit]
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
        var inputs = new OptionColumns(callPutSign, spot, strike, rate, dividendYield, volatility, time);
        var scratch = Scratch.Aligned(stackalloc double[OptionBlock.ScratchLength + Scratch.AlignmentSlack]);
        for (var start = 0; start < n; start += OptionBlock.Size)
        {
            var count = Math.Min(OptionBlock.Size, n - start);
            var block = new OptionBlock(inputs.Slice(start, count), scratch);
            LaneLoop.ForEach<LogMoneyness, OptionBlock>(block, count);
            LaneLoop.ForEach<Discounts, OptionBlock>(block, count);
            LaneLoop.ForEach<CdfArguments, OptionBlock>(block, count);
            NormalDistribution.Cdf(block.Arguments, block.Arguments);
            var results = new PriceBlock(block, destination.Slice(start, count));
            LaneLoop.ForEach<PriceFromLegs, PriceBlock>(results, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Intrinsic<T>(T w, T s, T k)
        where T : struct, ILane<T>
    {
        var payoff = w * (s - k);
        return T.Select(T.GreaterThan(payoff, T.Broadcast(0.0)), payoff, T.Broadcast(0.0));
    }
}
