namespace XiP.Numerics.Tests;

/// <summary>One European option's inputs; <see cref="Sign"/> is +1 for a call, −1 for a put.</summary>
internal readonly record struct OptionInput(double Sign, double Spot, double Strike, double Rate, double Dividend, double Volatility, double Time);

/// <summary>Struct-of-arrays columns of a batch of options, as the kernels take them.</summary>
internal sealed class OptionColumns
{
    public OptionColumns(IReadOnlyList<OptionInput> options)
    {
        Sign = options.Select(o => o.Sign).ToArray();
        Spot = options.Select(o => o.Spot).ToArray();
        Strike = options.Select(o => o.Strike).ToArray();
        Rate = options.Select(o => o.Rate).ToArray();
        Dividend = options.Select(o => o.Dividend).ToArray();
        Volatility = options.Select(o => o.Volatility).ToArray();
        Time = options.Select(o => o.Time).ToArray();
    }

    public double[] Sign { get; }
    public double[] Spot { get; }
    public double[] Strike { get; }
    public double[] Rate { get; }
    public double[] Dividend { get; }
    public double[] Volatility { get; }
    public double[] Time { get; }

    public int Count => Sign.Length;
}

/// <summary>Destination arrays for prices and Greeks.</summary>
internal sealed class GreekBuffers
{
    public GreekBuffers(int length, double fill = 0.0)
    {
        Price = Filled(length, fill);
        Delta = Filled(length, fill);
        Gamma = Filled(length, fill);
        Vega = Filled(length, fill);
        Theta = Filled(length, fill);
        Rho = Filled(length, fill);
        DividendRho = Filled(length, fill);
    }

    public double[] Price { get; }
    public double[] Delta { get; }
    public double[] Gamma { get; }
    public double[] Vega { get; }
    public double[] Theta { get; }
    public double[] Rho { get; }
    public double[] DividendRho { get; }

    /// <summary>The seven columns in OptionGreeks constructor order.</summary>
    public IReadOnlyList<double[]> All => [Price, Delta, Gamma, Vega, Theta, Rho, DividendRho];

    public OptionGreeks View() => new(Price, Delta, Gamma, Vega, Theta, Rho, DividendRho);

    private static double[] Filled(int length, double fill)
    {
        var a = new double[length];
        Array.Fill(a, fill);
        return a;
    }
}

internal static class Bits
{
    /// <summary>Bit-for-bit equality (distinguishes −0 from +0 and compares NaN payloads).</summary>
    public static void AssertIdentical(double expected, double actual, string context)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            Assert.Fail($"{context}: expected {expected:R}, got {actual:R} (not bit-identical)");
        }
    }
}
