using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Scenarios;
using XiP.Abstractions.Trades;
using XiP.Gateway.Validation;

namespace XiP.Gateway.Tests;

/// <summary>Every value the grains know has exactly one spelling in the contract, so nothing they hold is unwritable or unreadable.</summary>
public sealed class WireNamesTests
{
    [Fact]
    public void Each_enum_of_the_grains_is_spelled_once_per_value_by_the_contract()
    {
        Covers(WireNames.OptionTypes);
        Covers(WireNames.Averaging);
        Covers(WireNames.Directions);
        Covers(WireNames.Frequencies);
        Covers(WireNames.Interpolations);
        Covers(WireNames.InstrumentTypes);
        Covers(WireNames.ShiftKinds);
    }

    [Fact]
    public void The_spellings_are_the_documented_ones()
    {
        Assert.Equal(["linear-zero", "log-linear-discount"], WireNames.Interpolations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["dividendYieldAbsolute", "parallel", "pillar", "spotRelative", "volAbsolute"], WireNames.ShiftKinds.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["payFixed", "receiveFixed"], WireNames.Directions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(CurveInterpolation.LogLinearDiscount, WireNames.Interpolations["LOG-linear-discount"]);
    }

    private static void Covers<T>(IReadOnlyDictionary<string, T> names)
        where T : struct, Enum =>
        Assert.Equal(Enum.GetValues<T>().Order(), names.Values.Order());
}
