using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Scenarios;
using XiP.Pricing.Time;

namespace XiP.Pricing.Tests;

public sealed class ScenarioTests
{
    private static readonly DateOnly ValuationDate = new(2024, 1, 15);

    private static readonly CurvePillar[] Pillars =
    [
        new(new DateOnly(2024, 1, 15), 0.0345), new(new DateOnly(2025, 1, 15), 0.0372), new(new DateOnly(2026, 1, 15), 0.0381),
        new(new DateOnly(2029, 1, 15), 0.0365), new(new DateOnly(2034, 1, 15), 0.0390), new(new DateOnly(2054, 1, 15), 0.0410),
    ];

    private static readonly CurveInstrument[] Instruments =
    [
        new(CurveInstrumentType.Deposit, new Tenor(3, TenorUnit.Months), 0.031),
        new(CurveInstrumentType.Swap, new Tenor(2, TenorUnit.Years), 0.029),
        new(CurveInstrumentType.Swap, new Tenor(5, TenorUnit.Years), 0.0305),
        new(CurveInstrumentType.Swap, new Tenor(10, TenorUnit.Years), 0.0321),
    ];

    private static readonly EquityMarket Acme = new(128.24, 0.0416, 0.1523);

    private static MarketSnapshot Market(IEnumerable<CurvePillar>? sofr = null, EquityMarket? acme = null) => MarketDataBuilder.Build(new MarketDataDefinition(
        ValuationDate,
        new Dictionary<string, CurveDefinition>
        {
            ["USD-SOFR"] = new PillarCurveDefinition(CurveInterpolationKind.LinearZero, (sofr ?? Pillars).ToList()),
            ["USD-LOG"] = new PillarCurveDefinition(CurveInterpolationKind.LogLinearDiscount, Pillars.Skip(1).ToList()),
            ["EUR-ESTR"] = new BootstrapCurveDefinition(CurveInterpolationKind.LogLinearDiscount, Instruments),
            ["USD-FLAT"] = new FlatCurveDefinition(0.05),
        },
        new Dictionary<string, EquityMarket> { ["ACME"] = acme ?? Acme, ["BETA"] = new(50, 0.01, 0.3) }));

    private static InterestRateSwapTrade Swap(string curve, DateOnly maturity) =>
        new("sw", null, 1, 10_000_000, 0.0385, new DateOnly(2024, 7, 15), maturity, SwapDirection.PayFixed, Frequency.Annual, Frequency.Quarterly, curve);

    private static readonly EuropeanOptionTrade Call = new("eu", null, 1, "ACME", OptionType.Call, 127.2, new DateOnly(2026, 11, 23), "USD-FLAT");

    private static double Pv(MarketSnapshot market, Trade trade) => Value(market, trade, Measure.Pv);

    private static double Value(MarketSnapshot market, Trade trade, Measure measure)
    {
        var valuation = PricingEngine.Price(market, [trade], [measure])[0];
        Assert.Empty(valuation.Errors);
        return valuation.Values[measure];
    }

    private static Scenario One(string id, Shift shift) => new(id, [shift]);

    private static double T(DateOnly date) => DayCount.YearFraction(ValuationDate, date);

    // ---- curves ----

    [Fact]
    public void Parallel25bp_OnALinearZeroCurve_IsBitIdenticalToPricingOnPillars25bpHigher()
    {
        var market = Market();
        var bumped = Market(Pillars.Select(p => p with { ZeroRate = p.ZeroRate + (25 * MarketShocker.BasisPoint) }));
        var swap = Swap("USD-SOFR", new DateOnly(2052, 7, 15));

        var named = MarketShocker.Apply(market, One("rates+25", new Shift(ShiftTargetKind.Curve, "USD-SOFR", MarketShiftKind.Parallel, 25)));
        var all = MarketShocker.Apply(market, One("rates+25", new Shift(ShiftTargetKind.Curve, null, MarketShiftKind.Parallel, 25)));

        Assert.NotEqual(Pv(market, swap), Pv(named, swap));
        Assert.Equal(Pv(bumped, swap), Pv(named, swap));
        Assert.Equal(Pv(bumped, swap), Pv(all, swap));
    }

    [Fact]
    public void Parallel_OnAFlatCurve_IsTheFlatRatePlusTheShift()
    {
        var market = Market();
        var shifted = MarketShocker.Apply(market, One("s", new Shift(ShiftTargetKind.Curve, "USD-FLAT", MarketShiftKind.Parallel, -40)));

        Assert.Equal(0.05 + (-40 * MarketShocker.BasisPoint), shifted.Curves["USD-FLAT"].ZeroRate(3.0));
        Assert.Equal(Pv(market with { Curves = new Dictionary<string, DiscountCurve>(market.Curves) { ["USD-FLAT"] = DiscountCurve.Flat(0.05 - 0.004) } }, Call), Pv(shifted, Call));
    }

    [Fact]
    public void Parallel_OnLogLinearCurves_MultipliesEveryDiscountFactorByExpMinusShiftTimesT()
    {
        var market = Market();
        var shifted = MarketShocker.Apply(market, One("s", new Shift(ShiftTargetKind.Curve, null, MarketShiftKind.Parallel, 25)));

        foreach (var name in new[] { "EUR-ESTR", "USD-LOG" })
        {
            foreach (var t in new[] { 0.0, 0.1, 0.25, 1.0, 1.7, 2.0, 4.9, 10.0, 25.0, 40.0 })
            {
                var expected = market.Curves[name].DiscountFactor(t) * Math.Exp(-0.0025 * t);
                Assert.Equal(expected, shifted.Curves[name].DiscountFactor(t), 1e-15);
            }
        }

        // and it is what pricing on log-linear pillars 25bp higher gives, to rounding
        var swap = Swap("USD-LOG", new DateOnly(2040, 7, 15));
        var fromPillars = MarketDataBuilder.Build(new MarketDataDefinition(ValuationDate,
            new Dictionary<string, CurveDefinition> { ["USD-LOG"] = new PillarCurveDefinition(CurveInterpolationKind.LogLinearDiscount, Pillars.Skip(1).Select(p => p with { ZeroRate = p.ZeroRate + 0.0025 }).ToList()) },
            new Dictionary<string, EquityMarket>()));
        Assert.Equal(Pv(fromPillars, swap), Pv(shifted, swap), 1e-6);
    }

    [Fact]
    public void PillarShift_OnALinearZeroCurve_MovesOnlyTheSegmentsEitherSideOfThePillar()
    {
        var market = Market();
        var pillar = new DateOnly(2029, 1, 15); // between 2026-01-15 and 2034-01-15
        var shifted = MarketShocker.Apply(market, One("5y+10", new Shift(ShiftTargetKind.Curve, "USD-SOFR", MarketShiftKind.Pillar, 10, pillar)));
        var before = market.Curves["USD-SOFR"];
        var after = shifted.Curves["USD-SOFR"];

        Assert.Equal(before.ZeroRate(T(pillar)) + 0.001, after.ZeroRate(T(pillar)), 1e-17);
        foreach (var t in new[] { 0.0, 0.5, 1.0, 1.5, T(new DateOnly(2026, 1, 15)), T(new DateOnly(2034, 1, 15)), 12.0, 20.0, 30.0, 45.0 })
        {
            Assert.Equal(before.DiscountFactor(t), after.DiscountFactor(t));
        }

        foreach (var t in new[] { 2.5, 4.0, 6.0, 9.0 })
        {
            Assert.True(after.DiscountFactor(t) < before.DiscountFactor(t), $"P({t}) should fall");
        }

        // halfway into a neighbouring segment, half the shift (linear in time)
        var mid = (T(new DateOnly(2026, 1, 15)) + T(pillar)) / 2;
        Assert.Equal(before.ZeroRate(mid) + 0.0005, after.ZeroRate(mid), 1e-15);

        // a swap whose cash flows all fall before the segment does not move; one across it does
        var shortSwap = Swap("USD-SOFR", new DateOnly(2025, 7, 15));
        var longSwap = Swap("USD-SOFR", new DateOnly(2032, 7, 15));
        Assert.Equal(Pv(market, shortSwap), Pv(shifted, shortSwap));
        Assert.NotEqual(Pv(market, longSwap), Pv(shifted, longSwap));
    }

    [Fact]
    public void PillarShift_OfTheLastPillar_MovesTheFlatExtrapolationBeyondIt()
    {
        var market = Market();
        var shifted = MarketShocker.Apply(market, One("30y", new Shift(ShiftTargetKind.Curve, "USD-SOFR", MarketShiftKind.Pillar, -15, new DateOnly(2054, 1, 15))));

        Assert.Equal(market.Curves["USD-SOFR"].ZeroRate(50.0) - 0.0015, shifted.Curves["USD-SOFR"].ZeroRate(50.0), 1e-16);
        Assert.Equal(market.Curves["USD-SOFR"].DiscountFactor(9.0), shifted.Curves["USD-SOFR"].DiscountFactor(9.0));
    }

    [Fact]
    public void PillarShift_OnABootstrappedCurve_MovesOneNodeAndOnlyItsNeighbouringSegments()
    {
        var market = Market();
        var node = new Tenor(5, TenorUnit.Years).AddTo(ValuationDate);
        var shifted = MarketShocker.Apply(market, One("5y", new Shift(ShiftTargetKind.Curve, "EUR-ESTR", MarketShiftKind.Pillar, 20, node)));
        var before = market.Curves["EUR-ESTR"];
        var after = shifted.Curves["EUR-ESTR"];
        var t5 = T(node);

        Assert.Equal(before.DiscountFactor(t5) * Math.Exp(-0.002 * t5), after.DiscountFactor(t5), 1e-15);
        foreach (var t in new[] { 0.0, 0.1, 1.0, T(new Tenor(2, TenorUnit.Years).AddTo(ValuationDate)), T(new Tenor(10, TenorUnit.Years).AddTo(ValuationDate)), 15.0 })
        {
            Assert.Equal(before.DiscountFactor(t), after.DiscountFactor(t));
        }

        Assert.True(after.DiscountFactor(3.5) < before.DiscountFactor(3.5));
        Assert.True(after.DiscountFactor(7.0) < before.DiscountFactor(7.0));
    }

    [Fact]
    public void NodeDates_AreTheCalibratedNodeDates_AndAFlatCurveHasNone()
    {
        var market = Market();

        Assert.Equal(Pillars.Select(p => p.Date), market.Curves["USD-SOFR"].NodeDates!);
        Assert.Equal(MarketDataBuilder.Calibrate("x", ValuationDate, new BootstrapCurveDefinition(CurveInterpolationKind.LogLinearDiscount, Instruments)).NodeDates, market.Curves["EUR-ESTR"].NodeDates!);
        Assert.Null(market.Curves["USD-FLAT"].NodeDates);
        Assert.Equal(market.Curves["USD-SOFR"].NodeDates, market.Curves["USD-SOFR"].ParallelShift(0.01).NodeDates);
    }

    // ---- equities ----

    [Fact]
    public void EquityShifts_PriceAsOnASnapshotWithTheEditedEquity()
    {
        var market = Market();
        var cases = new (Shift Shift, EquityMarket Edited)[]
        {
            (new(ShiftTargetKind.Equity, "ACME", MarketShiftKind.SpotRelative, -0.2), Acme with { Spot = Acme.Spot * (1 + -0.2) }),
            (new(ShiftTargetKind.Equity, "ACME", MarketShiftKind.VolAbsolute, 0.1), Acme with { Volatility = Acme.Volatility + 0.1 }),
            (new(ShiftTargetKind.Equity, null, MarketShiftKind.DividendYieldAbsolute, 0.01), Acme with { DividendYield = Acme.DividendYield + 0.01 }),
        };

        foreach (var (shift, edited) in cases)
        {
            var shocked = MarketShocker.Apply(market, One("s", shift));
            Assert.Equal(edited, shocked.Equities["ACME"]);
            Assert.Equal(Pv(Market(acme: edited), Call), Pv(shocked, Call));
            Assert.NotEqual(Pv(market, Call), Pv(shocked, Call));
        }
    }

    [Fact]
    public void SmallEquityShifts_MoveTheOptionPvAsItsBlackScholesGreeksSay()
    {
        var market = Market();
        var pv = Pv(market, Call);
        var delta = Value(market, Call, Measure.Delta);
        var gamma = Value(market, Call, Measure.Gamma);
        var vega = Value(market, Call, Measure.Vega);
        var dividendRho = Value(market, Call, Measure.DividendRho);
        Shift EquityShift(MarketShiftKind kind, double amount) => new(ShiftTargetKind.Equity, "ACME", kind, amount);

        var dS = Acme.Spot * 1e-3;
        var spotMove = Pv(MarketShocker.Apply(market, One("s", EquityShift(MarketShiftKind.SpotRelative, 1e-3))), Call) - pv;
        var volMove = Pv(MarketShocker.Apply(market, One("v", EquityShift(MarketShiftKind.VolAbsolute, 1e-4))), Call) - pv;
        var divMove = Pv(MarketShocker.Apply(market, One("q", EquityShift(MarketShiftKind.DividendYieldAbsolute, 1e-4))), Call) - pv;

        Assert.Equal(delta * dS + (0.5 * gamma * dS * dS), spotMove, 1e-6 * Math.Abs(delta * dS));
        Assert.Equal(vega * 1e-4, volMove, 1e-3 * Math.Abs(vega * 1e-4));
        Assert.Equal(dividendRho * 1e-4, divMove, 1e-3 * Math.Abs(dividendRho * 1e-4));
        Assert.True(spotMove > 0 && volMove > 0 && divMove < 0);
    }

    [Fact]
    public void ShiftsApplyInOrder_AndTheBaseSnapshotIsNotModified()
    {
        var market = Market(acme: Acme with { Volatility = 0.05 });
        var baseCurve = market.Curves["USD-SOFR"];
        var up = new Shift(ShiftTargetKind.Equity, "ACME", MarketShiftKind.VolAbsolute, 0.1);
        var down = new Shift(ShiftTargetKind.Equity, "ACME", MarketShiftKind.VolAbsolute, -0.1);

        var upThenDown = MarketShocker.Apply(market, new Scenario("ok", [up, down, new Shift(ShiftTargetKind.Curve, null, MarketShiftKind.Parallel, 100)]));
        var error = Assert.Throws<ScenarioException>(() => MarketShocker.Apply(market, new Scenario("bad", [down, up])));

        Assert.Equal(0.05, upThenDown.Equities["ACME"].Volatility, 1e-16);
        Assert.Equal("bad", error.ScenarioId);
        Assert.Equal("equity:ACME", error.Target);
        Assert.Same(baseCurve, market.Curves["USD-SOFR"]);
        Assert.Equal(0.05, market.Equities["ACME"].Volatility);
        Assert.Equal(0.0345, market.Curves["USD-SOFR"].ZeroRate(0.0));
        Assert.Same(market.Curves["USD-FLAT"].NodeDates, upThenDown.Curves["USD-FLAT"].NodeDates);
        Assert.Same(market.Equities["BETA"], upThenDown.Equities["BETA"]);
    }

    // ---- errors ----

    [Theory]
    [InlineData("curve", "NOPE", MarketShiftKind.Parallel, 10, null, "curve:NOPE")]
    [InlineData("equity", "NOPE", MarketShiftKind.SpotRelative, 0.1, null, "equity:NOPE")]
    [InlineData("curve", "USD-SOFR", MarketShiftKind.Pillar, 10, "2027-01-15", "curve:USD-SOFR")]
    [InlineData("curve", "USD-FLAT", MarketShiftKind.Pillar, 10, "2024-01-15", "curve:USD-FLAT")]
    [InlineData("curve", null, MarketShiftKind.Pillar, 10, "2025-01-15", "curve:EUR-ESTR")]
    [InlineData("curve", "USD-SOFR", MarketShiftKind.Pillar, 10, null, "curve:USD-SOFR")]
    [InlineData("curve", "USD-SOFR", MarketShiftKind.Parallel, 10, "2025-01-15", "curve:USD-SOFR")]
    [InlineData("equity", "ACME", MarketShiftKind.Parallel, 10, null, "equity:ACME")]
    [InlineData("curve", "USD-SOFR", MarketShiftKind.VolAbsolute, 0.1, null, "curve:USD-SOFR")]
    [InlineData("equity", "ACME", MarketShiftKind.VolAbsolute, -0.2, null, "equity:ACME")]
    [InlineData("equity", null, MarketShiftKind.SpotRelative, -1.0, null, "equity:ACME")]
    [InlineData("curve", "USD-SOFR", MarketShiftKind.Parallel, double.NaN, null, "curve:USD-SOFR")]
    public void AShiftThatCannotApply_IsAScenarioErrorNamingTheScenarioAndTarget(string target, string? name, MarketShiftKind kind, double amount, string? date, string expectedTarget)
    {
        var shift = new Shift(target == "curve" ? ShiftTargetKind.Curve : ShiftTargetKind.Equity, name, kind, amount, date is null ? null : DateOnly.Parse(date));

        var error = Assert.Throws<ScenarioException>(() => MarketShocker.Apply(Market(), One("scn-7", shift)));

        Assert.Equal("scn-7", error.ScenarioId);
        Assert.Equal(expectedTarget, error.Target);
        Assert.Contains("scn-7", error.Message);
        Assert.Contains(expectedTarget, error.Message);
    }

    // ---- generator ----

    private static ScenarioGenerator Generator(long seed, int count = 50) => new(count, seed, 10, 0.02, 0.01, 0.005);

    [Fact]
    public void Expand_ListsThenGenerates_WithOneShiftPerCurveAndKindPerEquityInOrdinalOrder()
    {
        var listed = One("rates+25", new Shift(ShiftTargetKind.Curve, null, MarketShiftKind.Parallel, 25));
        var scenarios = ScenarioExpander.Expand(new ScenarioSetDefinition([listed], Generator(42, 3)), Market());

        Assert.Equal(["rates+25", "gen-1", "gen-2", "gen-3"], scenarios.Select(s => s.Id));
        Assert.Same(listed, scenarios[0]);
        Assert.Equal(
            ["curve:EUR-ESTR", "curve:USD-FLAT", "curve:USD-LOG", "curve:USD-SOFR",
             "equity:ACME", "equity:ACME", "equity:ACME", "equity:BETA", "equity:BETA", "equity:BETA"],
            scenarios[1].Shifts.Select(s => s.Target));
        Assert.Equal(
            [MarketShiftKind.SpotRelative, MarketShiftKind.VolAbsolute, MarketShiftKind.DividendYieldAbsolute],
            scenarios[1].Shifts.Skip(4).Take(3).Select(s => s.Kind));
        Assert.All(scenarios.Skip(1), s => MarketShocker.Apply(Market(), s));
    }

    [Fact]
    public void Expand_SameSeedGivesTheSameScenarios_AndADifferentSeedDifferentOnes()
    {
        var market = Market();
        var first = ScenarioExpander.Expand(new ScenarioSetDefinition([], Generator(42)), market);
        var again = ScenarioExpander.Expand(new ScenarioSetDefinition([], Generator(42)), market);
        var other = ScenarioExpander.Expand(new ScenarioSetDefinition([], Generator(43)), market);
        var longer = ScenarioExpander.Expand(new ScenarioSetDefinition([], Generator(42, 500)), market);

        Assert.Equal(first.Count, again.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Id, again[i].Id);
            Assert.Equal(first[i].Shifts, again[i].Shifts);
            Assert.Equal(first[i].Shifts, longer[i].Shifts);
            Assert.NotEqual(first[i].Shifts.Select(s => s.Amount), other[i].Shifts.Select(s => s.Amount));
        }

        Assert.NotEqual(first[0].Shifts.Select(s => s.Amount), first[1].Shifts.Select(s => s.Amount));
    }

    // computed independently (a Python transcription of SplitMix64 + Acklam + the arithmetic log)
    private const double GoldenFirst = 2.914356769879923;
    private const double GoldenLast = -3.42634088905761e-05;

    [Fact]
    public void Expand_GeneratedScenariosArePinned_SoAChangeOfAlgorithmIsCaught()
    {
        // "the same seed always gives the same set": these numbers must never change.
        var scenarios = ScenarioExpander.Expand(new ScenarioSetDefinition([], Generator(42, 2)), Market());

        Assert.Equal(GoldenFirst, scenarios[0].Shifts[0].Amount);
        Assert.Equal(GoldenLast, scenarios[1].Shifts[^1].Amount);
    }

    [Fact]
    public void Expand_SampleStandardDeviationsOf5000Scenarios_AreWithin5PercentOfTheRequested()
    {
        var generator = new ScenarioGenerator(5000, 20240115, 12.5, 0.03, 0.015, 0.004);
        var scenarios = ScenarioExpander.Expand(new ScenarioSetDefinition([], generator), Market());

        var expected = new Dictionary<(string, MarketShiftKind), double>
        {
            [("curve:USD-SOFR", MarketShiftKind.Parallel)] = 12.5,
            [("curve:EUR-ESTR", MarketShiftKind.Parallel)] = 12.5,
            [("equity:ACME", MarketShiftKind.SpotRelative)] = 0.03,
            [("equity:BETA", MarketShiftKind.VolAbsolute)] = 0.015,
            [("equity:ACME", MarketShiftKind.DividendYieldAbsolute)] = 0.004,
        };
        foreach (var ((target, kind), sigma) in expected)
        {
            var sample = scenarios.Select(s => s.Shifts.Single(x => x.Target == target && x.Kind == kind).Amount).ToArray();
            var mean = sample.Average();
            var sd = Math.Sqrt(sample.Sum(x => (x - mean) * (x - mean)) / (sample.Length - 1));
            Assert.Equal(5000, sample.Length);
            Assert.InRange(sd / sigma, 0.95, 1.05);
            Assert.InRange(mean / sigma, -4.0 / Math.Sqrt(5000), 4.0 / Math.Sqrt(5000));
        }
    }

    [Fact]
    public void Expand_LeavesOutKindsWithAZeroStandardDeviation()
    {
        var scenarios = ScenarioExpander.Expand(new ScenarioSetDefinition([], new ScenarioGenerator(3, 1, 0, 0.02, 0, 0)), Market());

        Assert.All(scenarios, s => Assert.Equal(["equity:ACME", "equity:BETA"], s.Shifts.Select(x => x.Target)));
        Assert.All(scenarios.SelectMany(s => s.Shifts), x => Assert.Equal(MarketShiftKind.SpotRelative, x.Kind));

        // a kind switched off does not change the draws of the others
        var all = ScenarioExpander.Expand(new ScenarioSetDefinition([], new ScenarioGenerator(3, 1, 10, 0.02, 0.01, 0.01)), Market());
        Assert.Equal(scenarios[2].Shifts, all[2].Shifts.Where(x => x.Kind == MarketShiftKind.SpotRelative));
    }

    [Fact]
    public void Expand_AListedIdThatAGeneratedScenarioAlsoHas_IsAnError()
    {
        var listed = One("gen-2", new Shift(ShiftTargetKind.Curve, null, MarketShiftKind.Parallel, 25));

        var error = Assert.Throws<ScenarioException>(() => ScenarioExpander.Expand(new ScenarioSetDefinition([listed], Generator(1, 3)), Market()));

        Assert.Equal("gen-2", error.ScenarioId);
    }

    // ---- random numbers ----

    [Fact]
    public void SplitMix64_GivesTheReferenceSequence()
    {
        var random = new SplitMix64(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, random.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.Next());
        Assert.Equal(0x06C45D188009454FUL, random.Next());
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.9599639845400536)]
    [InlineData(0.3, -0.5244005127080407)]
    [InlineData(0.01, -2.3263478740408408)]
    [InlineData(0.02425, -1.9729610513118845)]
    [InlineData(1e-10, -6.361340902404056)]
    [InlineData(0.999, 3.090232306167813)]
    public void NormalQuantile_MatchesTheExactQuantileWithinAcklamsError(double p, double expected)
    {
        Assert.Equal(expected, NormalQuantile.Of(p), 1.2e-9 * Math.Max(1.0, Math.Abs(expected)));
    }
}
