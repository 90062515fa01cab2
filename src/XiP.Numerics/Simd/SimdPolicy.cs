namespace XiP.Numerics.Simd;

/// <summary>
/// Which register widths the kernels may use on the calling thread: all the hardware accelerates
/// (the default), or narrower, down to the scalar path. Benchmarks and tests use it to run the paths
/// side by side; results are the same bits either way.
/// </summary>
public static class SimdPolicy
{
    [ThreadStatic]
    private static int t_maxBits;

    /// <summary>The widest register the kernels may use on this thread; 0 is the scalar path.</summary>
    public static int MaxVectorBits => t_maxBits == 0 ? 512 : t_maxBits - 1;

    internal static bool Use512 => Lane512.IsAccelerated && MaxVectorBits >= 512;

    internal static bool Use256 => Lane256.IsAccelerated && MaxVectorBits >= 256;

    internal static bool Use128 => Lane128.IsAccelerated && MaxVectorBits >= 128;

    /// <summary>The widest width the hardware accelerates here: 512, 256, 128 or 0 (scalar).</summary>
    public static int HardwareVectorBits => Lane512.IsAccelerated ? 512 : Lane256.IsAccelerated ? 256 : Lane128.IsAccelerated ? 128 : 0;

    /// <summary>Limits this thread to registers of at most <paramref name="bits"/> until the result is disposed.</summary>
    public static IDisposable Limit(int bits)
    {
        var previous = t_maxBits;
        t_maxBits = Math.Max(bits, 0) + 1;
        return new Restore(previous);
    }

    private sealed class Restore(int previous) : IDisposable
    {
        public void Dispose() => t_maxBits = previous;
    }
}
