namespace XiP.Gateway.Demo;

/// <summary>
/// SplitMix64, the demo data set's only source of chance: a seed gives the same data on every machine and .NET version,
/// which <see cref="Random"/> does not promise. Normals are sums of uniforms rather than Box–Muller because Log and Cos
/// may differ in their last bit between platforms, and a value rounded at a boundary would then differ too.
/// </summary>
internal sealed class DemoRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextBits()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform on [0, 1).</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public int Between(int min, int max) => min + (int)(NextBits() % (ulong)(max - min + 1));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Between(0, items.Count - 1)];

    /// <summary>About N(0, 1): the sum of twelve uniforms less six, so never beyond ±6 (shocks built on it stay valid).</summary>
    public double NextNormal()
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++)
        {
            sum += NextDouble();
        }

        return sum - 6.0;
    }
}
