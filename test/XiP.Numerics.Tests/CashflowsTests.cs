using XiP.Numerics.Simd;

namespace XiP.Numerics.Tests;

public sealed class CashflowsTests
{
    private const double Tolerance = 1e-15;

    private static readonly double[] Table = Enumerable.Range(0, 4000).Select(d => Math.Exp(-0.03 * d / 365.0)).ToArray();

    [Fact]
    public void DiscountedSums_TwoInstruments_EqualHandComputedSums()
    {
        int[] offsets = [0, 2, 3];
        int[] days = [10, 20, 365];
        double[] amounts = [5.0, 105.0, 1.0];
        var destination = new double[2];

        Cashflows.DiscountedSums(Table, offsets, days, amounts, destination);

        Assert.Equal(Math.FusedMultiplyAdd(105.0, Table[20], 5.0 * Table[10]), destination[0]);
        Assert.Equal(Table[365], destination[1]);
    }

    [Fact]
    public void DiscountedSums_InstrumentWithoutFlows_IsZero()
    {
        var destination = new double[] { double.NaN, double.NaN };

        Cashflows.DiscountedSums(Table, [0, 0, 1], [5], [2.0], destination);

        Assert.Equal(0.0, destination[0]);
        Assert.Equal(2.0 * Table[5], destination[1], Tolerance);
    }

    [Fact]
    public void DiscountedSums_SplitIntoTwoBatches_GivesTheSameBits()
    {
        var random = new Random(3);
        var (offsets, days, amounts) = RandomBook(random, 50);
        var whole = new double[50];
        Cashflows.DiscountedSums(Table, offsets, days, amounts, whole);

        var split = offsets[20];
        var first = new double[20];
        var second = new double[30];
        Cashflows.DiscountedSums(Table, offsets[..21], days[..split], amounts[..split], first);
        Cashflows.DiscountedSums(Table, offsets[20..].Select(o => o - split).ToArray(), days[split..], amounts[split..], second);

        Assert.Equal(whole, first.Concat(second).ToArray());
    }

    [Fact]
    public void DiscountedSums_DayOutsideTheTable_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Cashflows.DiscountedSums(Table, [0, 1], [Table.Length], [1.0], new double[1]));
    }

    [Fact]
    public void DiscountedSums_OffsetsNotMatchingFlows_Throw()
    {
        Assert.Throws<ArgumentException>(() => Cashflows.DiscountedSums(Table, [0, 3], [1, 2], [1.0, 1.0], new double[1]));
        Assert.Throws<ArgumentException>(() => Cashflows.DiscountedSums(Table, [0, 2, 1], [1, 2], [1.0, 1.0], new double[2]));
        Assert.Throws<ArgumentException>(() => Cashflows.DiscountedSums(Table, [0, 1, 2], [1, 2], [1.0, 1.0], new double[1]));
    }

    [Fact]
    public void ProjectedFloatingSums_ParCouponsTelescope_ToNotionalTimesStartMinusEndDiscount()
    {
        // single curve, periods back to back: Σ N·(P(s)/P(e) − 1)·P(e) = N·(P(first start) − P(last end))
        int[] starts = [0, 91, 182, 273];
        int[] ends = [91, 182, 273, 365];
        var accruals = starts.Zip(ends, (s, e) => (e - s) / 365.0).ToArray();
        var notionals = Enumerable.Repeat(1e6, 4).ToArray();
        var fixings = Enumerable.Repeat(double.NaN, 4).ToArray();
        var destination = new double[1];

        Cashflows.ProjectedFloatingSums(Table, [0, 4], starts, ends, accruals, notionals, fixings, destination);

        Assert.Equal(1e6 * (Table[0] - Table[365]), destination[0], 1e-6);
    }

    [Fact]
    public void ProjectedFloatingSums_FixedPeriod_UsesItsRateNotTheCurve()
    {
        var destination = new double[1];

        Cashflows.ProjectedFloatingSums(Table, [0, 1], [0], [182], [0.5], [100.0], [0.04], destination);

        Assert.Equal(100.0 * 0.04 * 0.5 * Table[182], destination[0], Tolerance);
    }

    [Fact]
    public void DiscountFactorsForCurves_EachRow_EqualsThatCurveAlone()
    {
        double[] pillars = [0.0, 1.0, 5.0, 10.0];
        double[] shifted = [0.02, 0.025, 0.03, 0.031, 0.03, 0.035, 0.04, 0.041];
        var times = Enumerable.Range(0, 40).Select(i => i * 0.3).ToArray();
        var both = new double[2 * times.Length];
        var alone = new double[times.Length];

        CurveInterpolation.DiscountFactorsForCurves(CurveKind.LinearZero, pillars, shifted, times, both);

        for (var c = 0; c < 2; c++)
        {
            CurveInterpolation.DiscountFactors(CurveKind.LinearZero, pillars, shifted.AsSpan(c * 4, 4), times, alone);
            Assert.Equal(alone, both.AsSpan(c * times.Length, times.Length).ToArray());
        }
    }

    [Fact]
    public void DiscountFactors_ScalarPathAndVectorPath_GiveTheSameBits()
    {
        double[] pillars = [0.0, 0.25, 1.0, 2.0, 5.0, 10.0, 30.0];
        double[] zeros = [0.01, 0.015, 0.02, 0.026, 0.031, 0.035, 0.037];
        var times = Enumerable.Range(0, 12000).Select(d => d / 365.0).ToArray();
        var vector = new double[times.Length];
        var scalar = new double[times.Length];

        CurveInterpolation.DiscountFactors(CurveKind.LinearZero, pillars, zeros, times, vector);
        using (SimdPolicy.Limit(0))
        {
            CurveInterpolation.DiscountFactors(CurveKind.LinearZero, pillars, zeros, times, scalar);
        }

        Assert.Equal(scalar, vector);
    }

    private static (int[] Offsets, int[] Days, double[] Amounts) RandomBook(Random random, int instruments)
    {
        var offsets = new int[instruments + 1];
        var days = new List<int>();
        var amounts = new List<double>();
        for (var j = 0; j < instruments; j++)
        {
            var flows = random.Next(0, 30);
            for (var k = 0; k < flows; k++)
            {
                days.Add(random.Next(Table.Length));
                amounts.Add(random.NextDouble() * 1000 - 100);
            }

            offsets[j + 1] = days.Count;
        }

        return (offsets, [.. days], [.. amounts]);
    }
}
