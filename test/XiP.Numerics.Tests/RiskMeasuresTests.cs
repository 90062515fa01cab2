namespace XiP.Numerics.Tests;

public sealed class RiskMeasuresTests
{
    /// <summary>
    /// ES of a thousand P&amp;Ls over twelve decades against a decimal reference: the double tail sum
    /// rounds at most k times, a few ulps of the largest term relative to the mean.
    /// </summary>
    private const double ExpectedShortfallRelativeTolerance = 1e-12;

    [Theory]
    // −1 … −100: k = ⌈(1 − α)·100⌉, VaR the k-th worst loss, ES the mean of the k worst
    [InlineData(0.99, 100.0, 100.0)]
    [InlineData(0.975, 98.0, 99.0)]
    [InlineData(0.95, 96.0, 98.0)]
    [InlineData(0.9, 91.0, 95.5)]
    [InlineData(0.5, 51.0, 75.5)]
    public void VarAndEs_HundredShuffledLosses_HandValues(double confidence, double var, double es)
    {
        var pnl = Shuffled(Losses(100), seed: 42);

        var result = RiskMeasures.VarAndEs(pnl, confidence, new double[pnl.Length]);

        Assert.Equal(var, result.ValueAtRisk);
        Assert.Equal(es, result.ExpectedShortfall);
    }

    [Fact]
    public void VarAndEs_250ShuffledLossesAt99_TailOfThree()
    {
        // k = ⌈0.01·250⌉ = ⌈2.5⌉ = 3: the third worst is −248, the three worst average −249
        var pnl = Shuffled(Losses(250), seed: 7);

        var result = RiskMeasures.VarAndEs(pnl, 0.99, new double[pnl.Length]);

        Assert.Equal(248.0, result.ValueAtRisk);
        Assert.Equal(249.0, result.ExpectedShortfall);
    }

    [Theory]
    [InlineData(0.99)]
    [InlineData(0.975)]
    [InlineData(0.9)]
    public void ValueAtRiskAndExpectedShortfall_Separately_SameBitsAsVarAndEs(double confidence)
    {
        var pnl = RandomPnl(1000, seed: 11);
        var scratch = new double[pnl.Length];

        var both = RiskMeasures.VarAndEs(pnl, confidence, scratch);
        var var = RiskMeasures.ValueAtRisk(pnl, confidence, scratch);
        var es = RiskMeasures.ExpectedShortfall(pnl, confidence, scratch);

        Assert.Equal(BitConverter.DoubleToInt64Bits(both.ValueAtRisk), BitConverter.DoubleToInt64Bits(var));
        Assert.Equal(BitConverter.DoubleToInt64Bits(both.ExpectedShortfall), BitConverter.DoubleToInt64Bits(es));
    }

    [Theory]
    [InlineData(100, 0.99, 1)] // (1 − 0.99)·100 is 1.0000000000000009 in binary
    [InlineData(100, 0.95, 5)] // 5.000000000000004 in binary
    [InlineData(10, 0.7, 3)] // 3.0000000000000004 in binary
    [InlineData(1000, 0.999, 1)]
    [InlineData(1000, 0.99, 10)]
    [InlineData(250, 0.99, 3)]
    [InlineData(250, 0.975, 7)]
    [InlineData(500, 0.999, 1)]
    [InlineData(3, 0.5, 2)]
    [InlineData(4, 0.5, 2)]
    [InlineData(10, 0.1, 9)]
    [InlineData(1, 0.99, 1)]
    [InlineData(1, 0.01, 1)]
    [InlineData(100, 0.9999999999, 1)]
    [InlineData(100, 1e-12, 100)]
    [InlineData(int.MaxValue, 0.5, 1073741824)]
    public void TailCount_ConfidenceAsWritten_CeilingOfDecimalTail(int scenarioCount, double confidence, int expected)
    {
        Assert.Equal(expected, RiskMeasures.TailCount(scenarioCount, confidence));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void TailCount_NoScenarios_ThrowsArgumentException(int scenarioCount)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => RiskMeasures.TailCount(scenarioCount, 0.99));

        Assert.Equal("scenarioCount", ex.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void AllMeasures_ConfidenceOutsideOpenUnitInterval_ThrowArgumentException(double confidence)
    {
        double[] pnl = [-1.0, 2.0, -3.0];
        var scratch = new double[3];

        Assert.Equal("confidence", Assert.ThrowsAny<ArgumentException>(() => RiskMeasures.ValueAtRisk(pnl, confidence, scratch)).ParamName);
        Assert.Equal("confidence", Assert.ThrowsAny<ArgumentException>(() => RiskMeasures.ExpectedShortfall(pnl, confidence, scratch)).ParamName);
        Assert.Equal("confidence", Assert.ThrowsAny<ArgumentException>(() => RiskMeasures.VarAndEs(pnl, confidence, scratch)).ParamName);
        Assert.Equal("confidence", Assert.ThrowsAny<ArgumentException>(() => RiskMeasures.TailCount(3, confidence)).ParamName);
    }

    [Fact]
    public void VarAndEs_ConfidenceNearZero_WholeSampleIsTheTail()
    {
        // k = 4: VaR = −(best outcome) = −5; ES = −(−7 − 3 + 1 + 5)/4 = 1
        double[] pnl = [-3.0, 1.0, 5.0, -7.0];

        var result = RiskMeasures.VarAndEs(pnl, 1e-9, new double[4]);

        Assert.Equal(-5.0, result.ValueAtRisk);
        Assert.Equal(1.0, result.ExpectedShortfall);
    }

    [Fact]
    public void VarAndEs_ConfidenceNearOne_WorstScenarioOnly()
    {
        double[] pnl = [-3.0, 1.0, 5.0, -7.0];

        var result = RiskMeasures.VarAndEs(pnl, 0.9999999, new double[4]);

        Assert.Equal(7.0, result.ValueAtRisk);
        Assert.Equal(7.0, result.ExpectedShortfall);
    }

    [Fact]
    public void VarAndEs_SingleScenario_IsThatLoss()
    {
        var result = RiskMeasures.VarAndEs([-12.5], 0.99, new double[1]);

        Assert.Equal(12.5, result.ValueAtRisk);
        Assert.Equal(12.5, result.ExpectedShortfall);
    }

    [Fact]
    public void VarAndEs_ProfitsOnly_NegativeMeasures()
    {
        // 1 … 100 at 95%: k = 5, the fifth worst is +5, the five worst average +3
        var pnl = Shuffled(Array.ConvertAll(Losses(100), x => -x), seed: 5);

        var result = RiskMeasures.VarAndEs(pnl, 0.95, new double[pnl.Length]);

        Assert.Equal(-5.0, result.ValueAtRisk);
        Assert.Equal(-3.0, result.ExpectedShortfall);
    }

    [Theory]
    // −5, −5, −5, 0, 1 … 6: k = 2 lies inside the tie; k = 4 reaches the zero
    [InlineData(0.8, 5.0, 5.0)]
    [InlineData(0.6, 0.0, 3.75)]
    [InlineData(0.7, 5.0, 5.0)]
    public void VarAndEs_TiedLosses_HandValues(double confidence, double var, double es)
    {
        double[] pnl = [3.0, -5.0, 0.0, 6.0, -5.0, 1.0, 4.0, -5.0, 2.0, 5.0];

        var result = RiskMeasures.VarAndEs(pnl, confidence, new double[pnl.Length]);

        Assert.Equal(BitConverter.DoubleToInt64Bits(var), BitConverter.DoubleToInt64Bits(result.ValueAtRisk));
        Assert.Equal(es, result.ExpectedShortfall);
    }

    [Theory]
    // k = 2 or 1: the tail is the two zeros
    [InlineData(0.5)]
    [InlineData(0.75)]
    [InlineData(0.99)]
    public void VarAndEs_SignedZeroTailInAnyOrder_PositiveZeroLoss(double confidence)
    {
        double[][] orders = [[0.0, -0.0, 1.0, 2.0], [-0.0, 0.0, 2.0, 1.0], [2.0, -0.0, 1.0, -0.0], [0.0, 1.0, 0.0, 2.0]];

        foreach (var pnl in orders)
        {
            var result = RiskMeasures.VarAndEs(pnl, confidence, new double[pnl.Length]);

            Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(result.ValueAtRisk));
            Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(result.ExpectedShortfall));
        }
    }

    [Theory]
    [InlineData(0.99)]
    [InlineData(0.975)]
    [InlineData(0.8)]
    public void VarAndEs_InputOrder_DoesNotChangeBits(double confidence)
    {
        // non-integers over twelve decades: summing the tail in input order would change the bits
        var pnl = RandomPnl(1000, seed: 3);
        var reference = RiskMeasures.VarAndEs(pnl, confidence, new double[pnl.Length]);

        for (var seed = 0; seed < 5; seed++)
        {
            var shuffled = Shuffled(pnl, seed);
            var result = RiskMeasures.VarAndEs(shuffled, confidence, new double[shuffled.Length]);

            Assert.Equal(BitConverter.DoubleToInt64Bits(reference.ValueAtRisk), BitConverter.DoubleToInt64Bits(result.ValueAtRisk));
            Assert.Equal(BitConverter.DoubleToInt64Bits(reference.ExpectedShortfall), BitConverter.DoubleToInt64Bits(result.ExpectedShortfall));
        }
    }

    [Theory]
    [InlineData(0.99)]
    [InlineData(0.975)]
    [InlineData(0.9)]
    [InlineData(0.5)]
    public void VarAndEs_RandomPnl_MatchesSortedReference(double confidence)
    {
        var pnl = RandomPnl(1000, seed: 17);
        var sorted = (double[])pnl.Clone();
        Array.Sort(sorted);
        var k = RiskMeasures.TailCount(pnl.Length, confidence);
        var tailSum = 0m;
        for (var i = 0; i < k; i++)
        {
            tailSum += (decimal)sorted[i];
        }

        var result = RiskMeasures.VarAndEs(pnl, confidence, new double[pnl.Length]);

        Assert.Equal(-sorted[k - 1], result.ValueAtRisk);
        var expectedEs = -(double)(tailSum / k);
        Assert.Equal(expectedEs, result.ExpectedShortfall, ExpectedShortfallRelativeTolerance * Math.Abs(expectedEs));
        Assert.True(result.ExpectedShortfall >= result.ValueAtRisk);
    }

    [Fact]
    public void VarAndEs_LongerScratch_LeavesSortedPnlInFront()
    {
        double[] pnl = [4.0, -2.0, 9.0, -8.0, 0.5];
        var scratch = new double[7];
        scratch[5] = 11.0;
        scratch[6] = 12.0;

        RiskMeasures.VarAndEs(pnl, 0.9, scratch);

        Assert.Equal([-8.0, -2.0, 0.5, 4.0, 9.0, 11.0, 12.0], scratch);
        Assert.Equal([4.0, -2.0, 9.0, -8.0, 0.5], pnl);
    }

    [Fact]
    public void VarAndEs_InfiniteLoss_InfiniteShortfall()
    {
        // k = 2 at 50%: the second worst is −1, the tail mean is −∞
        var result = RiskMeasures.VarAndEs([1.0, double.NegativeInfinity, -1.0, 2.0], 0.5, new double[4]);

        Assert.Equal(1.0, result.ValueAtRisk);
        Assert.Equal(double.PositiveInfinity, result.ExpectedShortfall);
    }

    [Fact]
    public void AllMeasures_ScratchTooShort_ThrowArgumentException()
    {
        var pnl = Losses(10);
        var scratch = new double[9];

        Assert.Equal("scratch", Assert.Throws<ArgumentException>(() => RiskMeasures.ValueAtRisk(pnl, 0.99, scratch)).ParamName);
        Assert.Equal("scratch", Assert.Throws<ArgumentException>(() => RiskMeasures.ExpectedShortfall(pnl, 0.99, scratch)).ParamName);
        Assert.Equal("scratch", Assert.Throws<ArgumentException>(() => RiskMeasures.VarAndEs(pnl, 0.99, scratch)).ParamName);
    }

    [Fact]
    public void AllMeasures_NoScenarios_ThrowArgumentException()
    {
        var scratch = new double[1];

        Assert.Equal("profitAndLoss", Assert.Throws<ArgumentException>(() => RiskMeasures.ValueAtRisk([], 0.99, scratch)).ParamName);
        Assert.Equal("profitAndLoss", Assert.Throws<ArgumentException>(() => RiskMeasures.ExpectedShortfall([], 0.99, scratch)).ParamName);
        Assert.Equal("profitAndLoss", Assert.Throws<ArgumentException>(() => RiskMeasures.VarAndEs([], 0.99, scratch)).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(99)]
    public void AllMeasures_NaNInput_ThrowArgumentExceptionNamingIndex(int index)
    {
        var pnl = Losses(100);
        pnl[index] = double.NaN;
        var scratch = new double[pnl.Length];

        foreach (var call in new Action[]
        {
            () => RiskMeasures.ValueAtRisk(pnl, 0.99, scratch),
            () => RiskMeasures.ExpectedShortfall(pnl, 0.99, scratch),
            () => RiskMeasures.VarAndEs(pnl, 0.99, scratch),
        })
        {
            var ex = Assert.Throws<ArgumentException>(call);

            Assert.Equal("profitAndLoss", ex.ParamName);
            Assert.Contains($"[{index}]", ex.Message, StringComparison.Ordinal);
        }
    }

    // −1, −2, …, −n
    private static double[] Losses(int n)
    {
        var pnl = new double[n];
        for (var i = 0; i < n; i++)
        {
            pnl[i] = -(i + 1.0);
        }

        return pnl;
    }

    // Gains and losses of both signs over twelve decades.
    private static double[] RandomPnl(int n, int seed)
    {
        var random = new Random(seed);
        var pnl = new double[n];
        for (var i = 0; i < n; i++)
        {
            pnl[i] = (random.NextDouble() - 0.55) * Math.Pow(10.0, random.Next(-6, 7));
        }

        return pnl;
    }

    private static double[] Shuffled(double[] values, int seed)
    {
        var copy = (double[])values.Clone();
        new Random(seed).Shuffle(copy);
        return copy;
    }
}
