using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace XiP.Numerics.Simd;

/// <summary>A 128-bit register of doubles.</summary>
public readonly struct Lane128 : ILane<Lane128>
{
    private readonly Vector128<double> _value;

    private Lane128(Vector128<double> value) => _value = value;

    public static int Count => Vector128<double>.Count;

    /// <summary>Whether this width runs on vector hardware here (and so is worth using).</summary>
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 Load(ref double source, nuint offset) => new(Vector128.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lane128 value, ref double destination, nuint offset) => value._value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 Broadcast(double value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 operator +(Lane128 a, Lane128 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 operator -(Lane128 a, Lane128 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 operator *(Lane128 a, Lane128 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 operator /(Lane128 a, Lane128 b) => new(a._value / b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 FusedMultiplyAdd(Lane128 a, Lane128 b, Lane128 c) => new(Vector128.FusedMultiplyAdd(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 Sqrt(Lane128 a) => new(Vector128.Sqrt(a._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 Abs(Lane128 a) => new(Vector128.Abs(a._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 operator -(Lane128 a) => new(-a._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 Truncate(Lane128 a) => new(Vector128.Truncate(a._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 LessThan(Lane128 a, Lane128 b) => new(Vector128.LessThan(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 LessThanOrEqual(Lane128 a, Lane128 b) => new(Vector128.LessThanOrEqual(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 GreaterThan(Lane128 a, Lane128 b) => new(Vector128.GreaterThan(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 Select(Lane128 mask, Lane128 ifTrue, Lane128 ifFalse) =>
        new(Avx.IsSupported ? Avx.BlendVariable(ifFalse._value, ifTrue._value, mask._value) : Vector128.ConditionalSelect(mask._value, ifTrue._value, ifFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 And(Lane128 a, Lane128 b) => new(a._value & b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 Or(Lane128 a, Lane128 b) => new(a._value | b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 ShiftLeftBits(Lane128 a, int count) => new(Vector128.ShiftLeft(a._value.AsInt64(), count).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 ShiftRightBits(Lane128 a, int count) => new(Vector128.ShiftRightLogical(a._value.AsUInt64(), count).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 AddBits(Lane128 a, Lane128 b) => new((a._value.AsInt64() + b._value.AsInt64()).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 SubtractBits(Lane128 a, Lane128 b) => new((a._value.AsInt64() - b._value.AsInt64()).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyTrue(Lane128 mask) => mask._value.ExtractMostSignificantBits() != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaskBits(Lane128 mask) => (int)mask._value.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane128 FromBits(long bits) => new(Vector128.Create(bits).AsDouble());
}
