using XiP.Pricing.MarketData;

namespace XiP.Benchmarks.Workloads;

/// <summary>The deterministic market every rates workload values off: a 20-pillar linear-zero curve on 2024-01-15.</summary>
internal static class MarketFixture
{
    public static readonly DateOnly ValuationDate = new(2024, 1, 15);

    /// <summary>20 pillar times in years, 1M to 30Y.</summary>
    public static readonly double[] PillarTimes =
    [
        1.0 / 12, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30,
    ];

    private const int CurveSeed = 20240115;

    /// <summary>An upward-sloping zero curve around 3–4.5%, with seeded noise of a few basis points.</summary>
    public static double[] ZeroRates()
    {
        var random = new Random(CurveSeed);
        var rates = new double[PillarTimes.Length];
        for (var i = 0; i < rates.Length; i++)
        {
            var t = PillarTimes[i];
            rates[i] = 0.03 + 0.015 * (1.0 - Math.Exp(-t / 5.0)) + 0.0005 * (random.NextDouble() - 0.5);
        }

        return rates;
    }

    public static DiscountCurve Curve() => DiscountCurve.LinearZero(PillarTimes, ZeroRates());
}
