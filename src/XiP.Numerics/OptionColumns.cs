using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using XiP.Numerics.Simd;

namespace XiP.Numerics;

/// <summary>The input columns shared by the option kernels, checked to be of one length by the caller.</summary>
internal readonly ref struct OptionColumns(
    ReadOnlySpan<double> sign,
    ReadOnlySpan<double> spot,
    ReadOnlySpan<double> strike,
    ReadOnlySpan<double> rate,
    ReadOnlySpan<double> dividend,
    ReadOnlySpan<double> volatility,
    ReadOnlySpan<double> time)
{
    public ReadOnlySpan<double> Sign { get; } = sign;
    public ReadOnlySpan<double> Spot { get; } = spot;
    public ReadOnlySpan<double> Strike { get; } = strike;
    public ReadOnlySpan<double> Rate { get; } = rate;
    public ReadOnlySpan<double> Dividend { get; } = dividend;
    public ReadOnlySpan<double> Volatility { get; } = volatility;
    public ReadOnlySpan<double> Time { get; } = time;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Load<T>(ReadOnlySpan<double> column, nuint i)
        where T : struct, ILane<T> => T.Load(ref MemoryMarshal.GetReference(column), i);

    /// <summary>Elements [start, start + count) of every column.</summary>
    public OptionColumns Slice(int start, int count) =>
        new(Sign.Slice(start, count), Spot.Slice(start, count), Strike.Slice(start, count), Rate.Slice(start, count),
            Dividend.Slice(start, count), Volatility.Slice(start, count), Time.Slice(start, count));

    /// <summary>The registers of every column at element <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Load<T>(nuint i, out T sign, out T spot, out T strike, out T rate, out T dividend, out T volatility, out T time)
        where T : struct, ILane<T>
    {
        sign = Load<T>(Sign, i);
        spot = Load<T>(Spot, i);
        strike = Load<T>(Strike, i);
        rate = Load<T>(Rate, i);
        dividend = Load<T>(Dividend, i);
        volatility = Load<T>(Volatility, i);
        time = Load<T>(Time, i);
    }

    /// <summary>Stores a register into a destination column at element <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Span<double> destination, T value, nuint i)
        where T : struct, ILane<T> => T.Store(value, ref MemoryMarshal.GetReference(destination), i);
}
