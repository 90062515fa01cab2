using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Runs;
using XiP.Abstractions.Scenarios;
using XiP.Grains.Scenarios;

namespace XiP.Grains.Tests;

/// <summary>
/// The canonical text the grains store to tell a repeated body from a changed one. It is stored state: if it
/// changed, every snapshot, scenario set and client run id stored before an upgrade would read as a conflict
/// when sent again unchanged, so the exact text is pinned here.
/// </summary>
public sealed class CanonicalFormTests
{
    [Fact]
    public void Market_data_keeps_its_stored_canonical_text()
    {
        var snapshot = new MarketDataSpec
        {
            ValuationDate = new DateOnly(2026, 1, 15),
            Curves = new()
            {
                ["USD-SOFR"] = new CurveSpec
                {
                    Interpolation = CurveInterpolation.LogLinearDiscount,
                    Instruments =
                    [
                        new CurveInstrumentSpec { Type = CurveInstrumentKind.Deposit, Tenor = "3M", Rate = 0.0431 },
                        new CurveInstrumentSpec { Type = CurveInstrumentKind.Swap, Tenor = "2Y", Rate = 0.0402, FixedFrequency = PaymentFrequency.Semiannual, FloatFrequency = PaymentFrequency.Quarterly },
                    ],
                },
                ["EUR-ESTR"] = new CurveSpec { Interpolation = CurveInterpolation.LinearZero, Pillars = [new PillarSpec(new DateOnly(2027, 1, 15), 0.0215)] },
                ["FLAT"] = new CurveSpec { FlatRate = 0.05 },
            },
            Equities = new() { ["ACME"] = new EquitySpec(128.24, 0.0416, 0.1523) },
        };

        Assert.Equal(
            @"{""valuationDate"":""2026-01-15"",""curves"":{""EUR-ESTR"":{""interpolation"":""linearZero"",""pillars"":[{""date"":""2027-01-15"",""zeroRate"":0.0215}]},""FLAT"":{""flatRate"":0.05},""USD-SOFR"":{""interpolation"":""logLinearDiscount"",""instruments"":[{""type"":""deposit"",""tenor"":""3M"",""rate"":0.0431},{""type"":""swap"",""tenor"":""2Y"",""rate"":0.0402,""fixedFrequency"":""semiannual"",""floatFrequency"":""quarterly""}]}},""equities"":{""ACME"":{""spot"":128.24,""dividendYield"":0.0416,""volatility"":0.1523}}}",
            Canonical.Of(snapshot));
    }

    [Fact]
    public void A_scenario_set_keeps_its_stored_canonical_text()
    {
        var set = new ScenarioSetSpec
        {
            Scenarios =
            [
                new ScenarioSpec
                {
                    Id = "up",
                    Shifts =
                    [
                        new ShiftSpec { Target = "curve:*", Kind = ShiftKind.Parallel, Amount = 1 },
                        new ShiftSpec { Target = "curve:USD-SOFR", Kind = ShiftKind.Pillar, Amount = -2.5, Date = new DateOnly(2027, 1, 15) },
                        new ShiftSpec { Target = "equity:ACME", Kind = ShiftKind.SpotRelative, Amount = 0.01 },
                    ],
                },
            ],
            Generate = new ScenarioGeneratorSpec { Count = 100, Seed = 42, CurveParallelBpStdDev = 5, SpotRelativeStdDev = 0.02, VolAbsoluteStdDev = 0.01, DividendYieldAbsoluteStdDev = 0.001 },
        };

        Assert.Equal(
            @"{""scenarios"":[{""id"":""up"",""shifts"":[{""target"":""curve:*"",""kind"":""parallel"",""amount"":1},{""target"":""curve:USD-SOFR"",""kind"":""pillar"",""amount"":-2.5,""date"":""2027-01-15""},{""target"":""equity:ACME"",""kind"":""spotRelative"",""amount"":0.01}]}],""generate"":{""count"":100,""seed"":42,""curveParallelBpStdDev"":5,""spotRelativeStdDev"":0.02,""volAbsoluteStdDev"":0.01,""dividendYieldAbsoluteStdDev"":0.001}}",
            Canonical.Of(set));
    }

    [Fact]
    public void A_run_request_keeps_its_stored_canonical_text()
    {
        var request = new RunRequest { TradeIds = ["T1", "T2"], MarketDataId = "md", Measures = ["pv", "delta"], ClientRunId = "c-1" };

        Assert.Equal(
            @"{""book"":null,""tradeIds"":[""T1"",""T2""],""marketDataId"":""md"",""scenarioSetId"":null,""measures"":[""pv"",""delta""],""clientRunId"":""c-1""}",
            Canonical.Of(request));
    }
}
