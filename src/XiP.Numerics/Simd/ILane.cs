namespace XiP.Numerics.Simd;

/// <summary>
/// A register of <see cref="Count"/> doubles that kernels are written against once, then run as
/// <see cref="Lane512"/>, <see cref="Lane256"/>, <see cref="Lane128"/> or the one-element <see cref="Lane1"/>.
/// </summary>
/// <remarks>
/// Every operation is lane-wise and correctly rounded (add, multiply, divide, square root, fused
/// multiply-add, round-to-even), and the math built on them (<see cref="LaneMath"/>) uses no
/// hardware approximations. So a kernel gives bit-identical results for an element whether it ran in
/// a 512-bit register, a 256-bit one or alone in the scalar tail: results do not depend on batch size,
/// alignment or the machine's vector width.
/// A mask is a lane value with all bits set (true) or clear (false).
/// </remarks>
public interface ILane<TSelf>
    where TSelf : struct, ILane<TSelf>
{
    /// <summary>Elements per register.</summary>
    static abstract int Count { get; }

    static abstract TSelf Load(ref double source, nuint offset);

    static abstract void Store(TSelf value, ref double destination, nuint offset);

    static abstract TSelf Broadcast(double value);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, TSelf b);

    static abstract TSelf operator /(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a);

    /// <summary>a·b + c rounded once.</summary>
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);

    static abstract TSelf Sqrt(TSelf a);

    static abstract TSelf Abs(TSelf a);

    /// <summary>Rounds toward zero to an integral value.</summary>
    static abstract TSelf Truncate(TSelf a);

    static abstract TSelf LessThan(TSelf a, TSelf b);

    static abstract TSelf LessThanOrEqual(TSelf a, TSelf b);

    static abstract TSelf GreaterThan(TSelf a, TSelf b);

    /// <summary>Lane-wise <c>mask ? ifTrue : ifFalse</c>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf ifTrue, TSelf ifFalse);

    static abstract TSelf And(TSelf a, TSelf b);

    static abstract TSelf Or(TSelf a, TSelf b);

    /// <summary>The bits of each lane as a 64-bit integer, shifted left.</summary>
    static abstract TSelf ShiftLeftBits(TSelf a, int count);

    /// <summary>The bits of each lane as an unsigned 64-bit integer, shifted right.</summary>
    static abstract TSelf ShiftRightBits(TSelf a, int count);

    /// <summary>Adds the bits of two lanes as 64-bit integers.</summary>
    static abstract TSelf AddBits(TSelf a, TSelf b);

    /// <summary>Subtracts the bits of two lanes as 64-bit integers.</summary>
    static abstract TSelf SubtractBits(TSelf a, TSelf b);

    /// <summary>Whether any lane of <paramref name="mask"/> is true.</summary>
    static abstract bool AnyTrue(TSelf mask);

    /// <summary>Bit k set where lane k of <paramref name="mask"/> is true.</summary>
    static abstract int MaskBits(TSelf mask);

    /// <summary>A lane whose bits are <paramref name="bits"/>.</summary>
    static abstract TSelf FromBits(long bits);
}
