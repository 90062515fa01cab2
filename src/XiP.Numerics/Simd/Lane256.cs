using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace XiP.Numerics.Simd;

/// <summary>A 256-bit register of doubles.</summary>
public readonly struct Lane256 : ILane<Lane256>
{
    private readonly Vector256<double> _value;

    private Lane256(Vector256<double> value) => _value = value;

    /// <summary>The register itself, for code that needs instructions the lane abstraction does not offer.</summary>
    internal Vector256<double> Value => _value;

    public static int Count => Vector256<double>.Count;

    /// <summary>Whether this width runs on vector hardware here (and so is worth using).</summary>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 Load(ref double source, nuint offset) => new(Vector256.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lane256 value, ref double destination, nuint offset) => value._value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 Broadcast(double value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 operator +(Lane256 a, Lane256 b) => new(a._value + b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 operator -(Lane256 a, Lane256 b) => new(a._value - b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 operator *(Lane256 a, Lane256 b) => new(a._value * b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 operator /(Lane256 a, Lane256 b) => new(a._value / b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 FusedMultiplyAdd(Lane256 a, Lane256 b, Lane256 c) => new(Vector256.FusedMultiplyAdd(a._value, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 Sqrt(Lane256 a) => new(Vector256.Sqrt(a._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 Abs(Lane256 a) => new(Vector256.Abs(a._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 operator -(Lane256 a) => new(-a._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 Truncate(Lane256 a) => new(Vector256.Truncate(a._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 LessThan(Lane256 a, Lane256 b) => new(Vector256.LessThan(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 LessThanOrEqual(Lane256 a, Lane256 b) => new(Vector256.LessThanOrEqual(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 GreaterThan(Lane256 a, Lane256 b) => new(Vector256.GreaterThan(a._value, b._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 Select(Lane256 mask, Lane256 ifTrue, Lane256 ifFalse) => new(Select(mask._value, ifTrue._value, ifFalse._value));

    // vblendvpd: one instruction where ConditionalSelect's and/andn/or is three
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> Select(Vector256<double> mask, Vector256<double> ifTrue, Vector256<double> ifFalse) =>
        Avx.IsSupported ? Avx.BlendVariable(ifFalse, ifTrue, mask) : Vector256.ConditionalSelect(mask, ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 And(Lane256 a, Lane256 b) => new(a._value & b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 Or(Lane256 a, Lane256 b) => new(a._value | b._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 ShiftLeftBits(Lane256 a, int count) => new(Vector256.ShiftLeft(a._value.AsInt64(), count).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 ShiftRightBits(Lane256 a, int count) => new(Vector256.ShiftRightLogical(a._value.AsUInt64(), count).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 AddBits(Lane256 a, Lane256 b) => new((a._value.AsInt64() + b._value.AsInt64()).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 SubtractBits(Lane256 a, Lane256 b) => new((a._value.AsInt64() - b._value.AsInt64()).AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyTrue(Lane256 mask) => mask._value.ExtractMostSignificantBits() != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaskBits(Lane256 mask) => (int)mask._value.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane256 FromBits(long bits) => new(Vector256.Create(bits).AsDouble());
}
