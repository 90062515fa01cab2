using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace XiP.Numerics.Simd;

/// <summary>
/// Two 256-bit registers worked in step: the same operations as <see cref="Lane256"/> on twice the
/// elements, giving the processor two independent dependency chains to overlap — the polynomial and
/// rational evaluations in <see cref="LaneMath"/> are latency-bound on one register.
/// </summary>
public readonly struct Lane256x2 : ILane<Lane256x2>
{
    private readonly Vector256<double> _lo;
    private readonly Vector256<double> _hi;

    private Lane256x2(Vector256<double> lo, Vector256<double> hi)
    {
        _lo = lo;
        _hi = hi;
    }

    public static int Count => 2 * Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 Load(ref double source, nuint offset) =>
        new(Vector256.LoadUnsafe(ref source, offset), Vector256.LoadUnsafe(ref source, offset + (nuint)Vector256<double>.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lane256x2 value, ref double destination, nuint offset)
    {
        value._lo.StoreUnsafe(ref destination, offset);
        value._hi.StoreUnsafe(ref destination, offset + (nuint)Vector256<double>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 Broadcast(double value)
    {
        var v = Vector256.Create(value);
        return new(v, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyTrue(Lane256x2 mask) => (mask._lo | mask._hi).ExtractMostSignificantBits() != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaskBits(Lane256x2 mask) => (int)(mask._lo.ExtractMostSignificantBits() | (mask._hi.ExtractMostSignificantBits() << Vector256<double>.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 FromBits(long bits)
    {
        var v = Vector256.Create(bits).AsDouble();
        return new(v, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 operator +(Lane256x2 a, Lane256x2 b) => new(a._lo + b._lo, a._hi + b._hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 operator -(Lane256x2 a, Lane256x2 b) => new(a._lo - b._lo, a._hi - b._hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 operator *(Lane256x2 a, Lane256x2 b) => new(a._lo * b._lo, a._hi * b._hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 operator /(Lane256x2 a, Lane256x2 b) => new(a._lo / b._lo, a._hi / b._hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 FusedMultiplyAdd(Lane256x2 a, Lane256x2 b, Lane256x2 c) => new(Vector256.FusedMultiplyAdd(a._lo, b._lo, c._lo), Vector256.FusedMultiplyAdd(a._hi, b._hi, c._hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 Sqrt(Lane256x2 a) => new(Vector256.Sqrt(a._lo), Vector256.Sqrt(a._hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 Abs(Lane256x2 a) => new(Vector256.Abs(a._lo), Vector256.Abs(a._hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 operator -(Lane256x2 a) => new(-a._lo, -a._hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 Truncate(Lane256x2 a) => new(Vector256.Truncate(a._lo), Vector256.Truncate(a._hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 LessThan(Lane256x2 a, Lane256x2 b) => new(Vector256.LessThan(a._lo, b._lo), Vector256.LessThan(a._hi, b._hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 LessThanOrEqual(Lane256x2 a, Lane256x2 b) => new(Vector256.LessThanOrEqual(a._lo, b._lo), Vector256.LessThanOrEqual(a._hi, b._hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 GreaterThan(Lane256x2 a, Lane256x2 b) => new(Vector256.GreaterThan(a._lo, b._lo), Vector256.GreaterThan(a._hi, b._hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 Select(Lane256x2 mask, Lane256x2 ifTrue, Lane256x2 ifFalse) => new(Lane256.Select(mask._lo, ifTrue._lo, ifFalse._lo), Lane256.Select(mask._hi, ifTrue._hi, ifFalse._hi));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 And(Lane256x2 a, Lane256x2 b) => new(a._lo & b._lo, a._hi & b._hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 Or(Lane256x2 a, Lane256x2 b) => new(a._lo | b._lo, a._hi | b._hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 ShiftLeftBits(Lane256x2 a, int count) => new(Vector256.ShiftLeft(a._lo.AsInt64(), count).AsDouble(), Vector256.ShiftLeft(a._hi.AsInt64(), count).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 ShiftRightBits(Lane256x2 a, int count) => new(Vector256.ShiftRightLogical(a._lo.AsUInt64(), count).AsDouble(), Vector256.ShiftRightLogical(a._hi.AsUInt64(), count).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 AddBits(Lane256x2 a, Lane256x2 b) => new((a._lo.AsInt64() + b._lo.AsInt64()).AsDouble(), (a._hi.AsInt64() + b._hi.AsInt64()).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256x2 SubtractBits(Lane256x2 a, Lane256x2 b) => new((a._lo.AsInt64() - b._lo.AsInt64()).AsDouble(), (a._hi.AsInt64() - b._hi.AsInt64()).AsDouble());
}
