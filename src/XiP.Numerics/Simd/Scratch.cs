namespace XiP.Numerics.Simd;

/// <summary>Stack scratch for kernels that work in passes.</summary>
internal static class Scratch
{
    /// <summary>The doubles to allocate beyond what is used, for <see cref="Aligned"/> to skip.</summary>
    public const int AlignmentSlack = 8;

    /// <summary>
    /// The buffer from its first 64-byte boundary on. Unaligned scratch let register loads straddle cache
    /// lines, and where the stack happened to fall decided a kernel's speed by up to 20% from one process
    /// to the next (measured on the price-only kernel).
    /// </summary>
    public static unsafe Span<double> Aligned(Span<double> buffer)
    {
        fixed (double* start = buffer)
        {
            var skip = (int)((64 - ((nuint)start % 64)) % 64) / sizeof(double);
            return buffer[skip..];
        }
    }
}
