using XiP.Contracts;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Pricing.Tests;

/// <summary>The pricing library's <see cref="Measure"/> and product names are the contract's lists (XiP.Contracts), not copies.</summary>
public sealed class MeasureNamesTests
{
    [Fact]
    public void The_Measure_enum_and_the_contracts_measure_names_are_the_same_set()
    {
        var named = Contracts.Measures.All.Select(n => MeasureNames.TryParse(n, out var m) ? m : throw new Xunit.Sdk.XunitException($"'{n}' names no Measure.")).ToList();

        Assert.Equal(Contracts.Measures.All.Count, named.Distinct().Count());
        Assert.Equal(Enum.GetValues<Measure>().Order(), named.Order());
    }

    [Fact]
    public void Every_Measure_is_spelt_as_the_contract_spells_it_and_reads_back()
    {
        foreach (var measure in Enum.GetValues<Measure>())
        {
            var name = MeasureNames.Of(measure);

            Assert.Contains(name, Contracts.Measures.All);
            Assert.True(MeasureNames.TryParse(name.ToUpperInvariant(), out var back), name);
            Assert.Equal(measure, back);
        }

        Assert.Equal(Contracts.Measures.All, MeasureNames.All);
        Assert.False(MeasureNames.TryParse("pv2", out _));
    }

    [Fact]
    public void Product_names_are_the_contracts_trade_types()
    {
        var day = new DateOnly(2030, 1, 15);
        Trade[] trades =
        [
            new EuropeanOptionTrade("e", null, 1, "ACME", OptionType.Call, 100, day, "C"),
            new GeometricAsianOptionTrade("a", null, 1, "ACME", OptionType.Put, 100, day, Averaging.Continuous, [], "C"),
            new InterestRateSwapTrade("s", null, 1, 1_000_000, 0.03, day, day.AddYears(5), SwapDirection.PayFixed, Frequency.Annual, Frequency.Quarterly, "C", null),
            new FixedRateBondTrade("b", null, 1, 100, 0.05, Frequency.Semiannual, day, day.AddYears(10), "C"),
        ];
        var names = trades.Select(ProductNames.Of).ToList();

        Assert.Equal(TradeTypes.All, names);
    }
}
