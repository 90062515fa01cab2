using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Grains.Mapping;
using XiP.Grains.Pricing;
using XiP.Pricing.MarketData;

namespace XiP.Grains.Tests;

/// <summary>The per-silo cache of calibrated markets: hits on equal quotes only, a bounded size, failures never kept.</summary>
public sealed class CalibratedMarketCacheTests
{
    private int _calibrations;

    [Fact]
    public void EqualQuotesInAnotherInstanceHitTheSameCalibratedMarket()
    {
        var cache = new CalibratedMarketCache();

        var first = cache.GetOrAdd(Market(), Calibrate);
        var second = cache.GetOrAdd(Market(), Calibrate);

        Assert.Same(first, second);
        Assert.Equal(1, _calibrations);
    }

    [Theory]
    [InlineData("valuationDate")]
    [InlineData("flatRate")]
    [InlineData("pillarDate")]
    [InlineData("pillarRate")]
    [InlineData("interpolation")]
    [InlineData("instrumentTenor")]
    [InlineData("instrumentFrequency")]
    [InlineData("curveName")]
    [InlineData("spot")]
    [InlineData("dividendYield")]
    [InlineData("negativeZeroVolatility")]
    [InlineData("extraEquity")]
    public void QuotesThatDifferInAnyFieldAreCalibratedAgain(string change)
    {
        var cache = new CalibratedMarketCache();
        var original = Market();
        var changed = Market();
        switch (change)
        {
            case "valuationDate": changed = changed with { ValuationDate = changed.ValuationDate.AddDays(-1) }; break;
            case "flatRate": changed.Curves["USD-FLAT"] = new CurveSpec { FlatRate = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(0.05) + 1) }; break;
            case "pillarDate": changed.Curves["USD-SOFR"].Pillars![1] = changed.Curves["USD-SOFR"].Pillars![1] with { Date = new DateOnly(2054, 1, 16) }; break;
            case "pillarRate": changed.Curves["USD-SOFR"].Pillars![1] = changed.Curves["USD-SOFR"].Pillars![1] with { ZeroRate = 0.0373 }; break;
            case "interpolation": changed.Curves["USD-SOFR"] = changed.Curves["USD-SOFR"] with { Interpolation = CurveInterpolation.LogLinearDiscount }; break;
            case "instrumentTenor": changed.Curves["EUR-ESTR"].Instruments![1] = changed.Curves["EUR-ESTR"].Instruments![1] with { Tenor = "3Y" }; break;
            case "instrumentFrequency": changed.Curves["EUR-ESTR"].Instruments![1] = changed.Curves["EUR-ESTR"].Instruments![1] with { FixedFrequency = null }; break;
            case "curveName": changed.Curves["USD-FLAT2"] = changed.Curves["USD-FLAT"]; changed.Curves.Remove("USD-FLAT"); break;
            case "spot": changed.Equities["ACME"] = changed.Equities["ACME"] with { Spot = 128.25 }; break;
            case "dividendYield": changed.Equities["ACME"] = changed.Equities["ACME"] with { DividendYield = 0.0 }; break;
            case "negativeZeroVolatility": original.Equities["INIT"] = new EquitySpec(52.5, 0.0, 0.31); changed.Equities["INIT"] = new EquitySpec(52.5, -0.0, 0.31); break;
            case "extraEquity": changed.Equities["INIT2"] = new EquitySpec(1, 0, 0.1); break;
        }

        var first = cache.GetOrAdd(original, Calibrate);
        var second = cache.GetOrAdd(changed, Calibrate);

        Assert.NotSame(first, second);
        Assert.Equal(2, _calibrations);
    }

    [Fact]
    public void TheLeastRecentlyUsedMarketGoesFirstAndTheCacheStaysBounded()
    {
        var cache = new CalibratedMarketCache();
        var kept = cache.GetOrAdd(Market(), Calibrate);
        for (var i = 1; i <= CalibratedMarketCache.Capacity; i++)
        {
            var other = Market();
            other.Equities["ACME"] = other.Equities["ACME"] with { Spot = 100 + i };
            cache.GetOrAdd(other, Calibrate);

            // used again and again: never the least recently used
            Assert.Same(kept, cache.GetOrAdd(Market(), Calibrate));
        }

        Assert.Equal(CalibratedMarketCache.Capacity, cache.Count);
        var evicted = Market();
        evicted.Equities["ACME"] = evicted.Equities["ACME"] with { Spot = 101 };
        var calibrations = _calibrations;
        cache.GetOrAdd(evicted, Calibrate);
        Assert.Equal(calibrations + 1, _calibrations);
        Assert.Same(kept, cache.GetOrAdd(Market(), Calibrate));
    }

    [Fact]
    public void AMarketThatFailsToCalibrateIsNotKept()
    {
        var cache = new CalibratedMarketCache();

        Assert.Throws<CurveCalibrationException>(() => cache.GetOrAdd(Market(), _ => throw new CurveCalibrationException("USD-FLAT", "no.")));
        cache.GetOrAdd(Market(), Calibrate);

        Assert.Equal(1, _calibrations);
        Assert.Equal(1, cache.Count);
    }

    private MarketSnapshot Calibrate(MarketDataSpec spec)
    {
        _calibrations++;
        return MarketDataBuilder.Build(WireMapper.ToDefinition(spec));
    }

    private static MarketDataSpec Market() => new()
    {
        ValuationDate = new DateOnly(2024, 1, 15),
        Curves = new Dictionary<string, CurveSpec>(StringComparer.Ordinal)
        {
            ["USD-FLAT"] = new() { FlatRate = 0.05 },
            ["USD-SOFR"] = new()
            {
                Interpolation = CurveInterpolation.LinearZero,
                Pillars = [new PillarSpec(new DateOnly(2024, 1, 15), 0.0345), new PillarSpec(new DateOnly(2054, 1, 15), 0.0372)],
            },
            ["EUR-ESTR"] = new()
            {
                Interpolation = CurveInterpolation.LogLinearDiscount,
                Instruments =
                [
                    new() { Type = CurveInstrumentKind.Deposit, Tenor = "3M", Rate = 0.031 },
                    new() { Type = CurveInstrumentKind.Swap, Tenor = "2Y", Rate = 0.029, FixedFrequency = PaymentFrequency.Annual, FloatFrequency = PaymentFrequency.Semiannual },
                ],
            },
        },
        Equities = new Dictionary<string, EquitySpec>(StringComparer.Ordinal) { ["ACME"] = new(128.24, 0.0416, 0.1523) },
    };
}
