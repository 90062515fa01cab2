using System.Runtime.CompilerServices;

namespace XiP.Numerics.Simd;

/// <summary>One double: the scalar path, and the tail of every vector loop.</summary>
public readonly struct Lane1 : ILane<Lane1>
{
    private readonly double _value;

    private Lane1(double value) => _value = value;

    public static int Count => 1;

    public double Value => _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Load(ref double source, nuint offset) => new(Unsafe.Add(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lane1 value, ref double destination, nuint offset) => Unsafe.Add(ref destination, offset) = value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Broadcast(double value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator +(Lane1 a, Lane1 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator -(Lane1 a, Lane1 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator *(Lane1 a, Lane1 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator /(Lane1 a, Lane1 b) => new(a._value / b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 FusedMultiplyAdd(Lane1 a, Lane1 b, Lane1 c) => new(Math.FusedMultiplyAdd(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Sqrt(Lane1 a) => new(Math.Sqrt(a._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Abs(Lane1 a) => new(Math.Abs(a._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator -(Lane1 a) => new(-a._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Truncate(Lane1 a) => new(Math.Truncate(a._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 LessThan(Lane1 a, Lane1 b) => Mask(a._value < b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 LessThanOrEqual(Lane1 a, Lane1 b) => Mask(a._value <= b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 GreaterThan(Lane1 a, Lane1 b) => Mask(a._value > b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Select(Lane1 mask, Lane1 ifTrue, Lane1 ifFalse) => Bits(mask) != 0 ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 And(Lane1 a, Lane1 b) => FromBits(Bits(a) & Bits(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Or(Lane1 a, Lane1 b) => FromBits(Bits(a) | Bits(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 ShiftLeftBits(Lane1 a, int count) => FromBits(Bits(a) << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 ShiftRightBits(Lane1 a, int count) => FromBits((long)((ulong)Bits(a) >> count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 AddBits(Lane1 a, Lane1 b) => FromBits(unchecked(Bits(a) + Bits(b)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 SubtractBits(Lane1 a, Lane1 b) => FromBits(unchecked(Bits(a) - Bits(b)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyTrue(Lane1 mask) => Bits(mask) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaskBits(Lane1 mask) => Bits(mask) != 0 ? 1 : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 FromBits(long bits) => new(BitConverter.Int64BitsToDouble(bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Bits(Lane1 a) => BitConverter.DoubleToInt64Bits(a._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Lane1 Mask(bool condition) => FromBits(condition ? -1L : 0L);
}
