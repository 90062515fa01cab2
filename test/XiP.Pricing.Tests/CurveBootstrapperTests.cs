using XiP.Pricing.MarketData;
using XiP.Pricing.Time;
using XiP.Testing;

namespace XiP.Pricing.Tests;

public sealed class CurveBootstrapperTests
{
    private const double RelativeTolerance = 1e-10;
    private const double DiscountFactorTolerance = 1e-13;
    private const double RepriceTolerance = 1e-12;

    [Fact]
    public void NodesAndDiscountFactors_MatchQuantLib()
    {
        var file = ReferenceCaseFile.Load("curve_bootstrap.json");
        var report = new ToleranceReport(RelativeTolerance);
        foreach (var c in file.Cases)
        {
            var id = c.GetProperty("id").GetString()!;
            var calibrated = CurveBootstrapper.Bootstrap(id, file.EvaluationDate, Instruments(c));
            var nodes = c.GetProperty("expected").GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(nodes.Count, calibrated.NodeDates.Count);
            for (var i = 0; i < nodes.Count; i++)
            {
                Assert.Equal(nodes[i].GetProperty("t").GetDouble(), calibrated.Curve.Times[i]);
                report.Check($"{id}.node[{i}]", nodes[i].GetProperty("df").GetDouble(), calibrated.Curve.DiscountFactor(calibrated.Curve.Times[i]), DiscountFactorTolerance);
            }

            var times = c.GetProperty("query_times").EnumerateArray().Select(t => t.GetDouble()).ToArray();
            var dfs = new double[times.Length];
            calibrated.Curve.DiscountFactors(times, dfs);
            var expected = c.GetProperty("expected").GetProperty("dfs").EnumerateArray().Select(d => d.GetDouble()).ToArray();
            for (var i = 0; i < times.Length; i++)
            {
                report.Check($"{id}.df({times[i]})", expected[i], dfs[i], DiscountFactorTolerance);
            }
        }

        report.AssertAllWithin();
    }

    [Fact]
    public void EveryInstrument_RepricesToItsQuote()
    {
        var file = ReferenceCaseFile.Load("curve_bootstrap.json");
        foreach (var c in file.Cases)
        {
            var instruments = Instruments(c);
            var curve = CurveBootstrapper.Bootstrap("c", file.EvaluationDate, instruments).Curve;
            foreach (var instrument in instruments)
            {
                var end = instrument.Tenor.AddTo(file.EvaluationDate);
                var tEnd = DayCount.YearFraction(file.EvaluationDate, end);
                double implied;
                if (instrument.Type == CurveInstrumentType.Deposit)
                {
                    implied = (1.0 / curve.DiscountFactor(tEnd) - 1.0) / tEnd;
                }
                else
                {
                    var dates = Schedule.Forward(file.EvaluationDate, end, instrument.FixedFrequency);
                    var annuity = 0.0;
                    for (var i = 1; i < dates.Count; i++)
                    {
                        annuity += DayCount.YearFraction(dates[i - 1], dates[i]) * curve.DiscountFactor(DayCount.YearFraction(file.EvaluationDate, dates[i]));
                    }

                    implied = (1.0 - curve.DiscountFactor(tEnd)) / annuity;
                }

                Assert.True(Math.Abs(implied - instrument.Rate) <= RepriceTolerance, $"{c.GetProperty("id")} {instrument.Tenor}: implied {implied:R} vs quote {instrument.Rate:R}");
            }
        }
    }

    [Fact]
    public void TwoInstrumentsEndingTogether_AreRejected()
    {
        var instruments = new[]
        {
            new CurveInstrument(CurveInstrumentType.Deposit, new Tenor(12, TenorUnit.Months), 0.03),
            new CurveInstrument(CurveInstrumentType.Swap, new Tenor(1, TenorUnit.Years), 0.03),
        };

        var error = Assert.Throws<CurveCalibrationException>(() => CurveBootstrapper.Bootstrap("EUR", new DateOnly(2024, 1, 15), instruments));

        Assert.Equal("EUR", error.CurveName);
    }

    private static List<CurveInstrument> Instruments(System.Text.Json.JsonElement c)
    {
        var list = new List<CurveInstrument>();
        foreach (var d in c.GetProperty("deposits").EnumerateArray())
        {
            Assert.True(Tenor.TryParse(d.GetProperty("tenor").GetString(), out var tenor));
            list.Add(new CurveInstrument(CurveInstrumentType.Deposit, tenor, d.GetProperty("rate").GetDouble()));
        }

        foreach (var s in c.GetProperty("swaps").EnumerateArray())
        {
            Assert.True(Tenor.TryParse(s.GetProperty("tenor").GetString(), out var tenor));
            list.Add(new CurveInstrument(CurveInstrumentType.Swap, tenor, s.GetProperty("rate").GetDouble()));
        }

        return list;
    }
}
