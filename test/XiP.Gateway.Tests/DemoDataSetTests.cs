using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using XiP.Abstractions.Trades;
using XiP.Contracts;
using XiP.Gateway.Demo;

namespace XiP.Gateway.Tests;

/// <summary>The demo data set as built, before any gateway stores it: fixed, and covering what a newcomer should see.</summary>
public sealed class DemoDataSetTests
{
    /// <summary>
    /// The SHA-256 of the data set's JSON. A gateway that loaded the demo refuses a changed snapshot or scenario set under
    /// the same id (409), so a change to the data must be deliberate: give the changed parts new ids, then update this.
    /// </summary>
    private const string Fingerprint = "362deecc2f6105f15d32cfa0a671353cbf94410de55c1c2aa3e357ad127540c3";

    [Fact]
    public void Build_TwiceOrOnAnyMachine_GivesTheSameData()
    {
        var json = Json(DemoDataSet.Build());

        Assert.Equal(json, Json(DemoDataSet.Build()));
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        Assert.True(fingerprint == Fingerprint, $"The demo data set changed: its fingerprint is now {fingerprint}.");
    }

    [Fact]
    public void Read_EveryPart_PassesTheUploadReadersAndCoversAllFourProducts()
    {
        var specs = DemoSpecs.Read(DemoDataSet.Build());

        Assert.Equal(DemoDataSet.TradeCount, specs.Trades.Count);
        Assert.InRange(specs.Trades.Count, 2000, 5000);
        Assert.All(specs.Trades, t => Assert.StartsWith("demo-", t.Id, StringComparison.Ordinal));
        Assert.Equal(specs.Trades.Count, specs.Trades.Select(t => t.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(DemoDataSet.Books, specs.Trades.Select(t => t.Book!).Distinct(StringComparer.Ordinal));
        Assert.Equal(
            [typeof(EuropeanOptionSpec), typeof(GeometricAsianOptionSpec), typeof(InterestRateSwapSpec), typeof(FixedRateBondSpec)],
            specs.Trades.Select(t => t.GetType()).Distinct());
        Assert.Equal(4, specs.Trades.Where(t => t.Book == "demo-mixed").Select(t => t.GetType()).Distinct().Count());
        Assert.Equal(DemoDataSet.ValuationDate, specs.MarketData.ValuationDate);
        Assert.Equal(DemoDataSet.ScenarioSetIds, specs.ScenarioSets.Select(s => s.Id));
        Assert.Equal(250, specs.ScenarioSets.Single(s => s.Id == DemoScenarios.HistoricalId).Set.Scenarios.Count);
    }

    [Fact]
    public void MarketData_BuildsCurvesEachWay()
    {
        var curves = DemoSpecs.Read(DemoDataSet.Build()).MarketData.Curves.Values.ToList();

        Assert.Contains(curves, c => c.FlatRate is not null);
        Assert.Contains(curves, c => c.Pillars is not null && c.Interpolation == XiP.Abstractions.MarketData.CurveInterpolation.LinearZero);
        Assert.Contains(curves, c => c.Pillars is not null && c.Interpolation == XiP.Abstractions.MarketData.CurveInterpolation.LogLinearDiscount);
        Assert.Contains(curves, c => c.Instruments is not null);
    }

    private static string Json(DemoDataSet data) => JsonSerializer.Serialize(
        new { data.MarketData, data.Trades, ScenarioSets = data.ScenarioSets.Select(s => new { s.Id, s.Set }) }, ContractJson.Options);
}
