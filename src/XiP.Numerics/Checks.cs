namespace XiP.Numerics;

internal static class Checks
{
    public static int SameLength(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c,
        ReadOnlySpan<double> d, ReadOnlySpan<double> e, ReadOnlySpan<double> f, ReadOnlySpan<double> g)
    {
        var n = a.Length;
        if (b.Length != n || c.Length != n || d.Length != n || e.Length != n || f.Length != n || g.Length != n)
        {
            ThrowLengthMismatch();
        }

        return n;
    }

    public static int SameLength(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            ThrowLengthMismatch();
        }

        return a.Length;
    }

    public static void Destination(Span<double> destination, int length)
    {
        if (destination.Length < length)
        {
            ThrowDestinationTooShort();
        }
    }

    // Throwing from a separate method keeps the checked callers small enough to inline.
    private static void ThrowLengthMismatch() => throw new ArgumentException("Input spans must have the same length.");

    private static void ThrowDestinationTooShort() => throw new ArgumentException("Destination is too short.", "destination");
}
