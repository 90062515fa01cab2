using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Cli.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PriceCommandTests(PlatformFixture platform)
{
    private static readonly string[] Measures = ["pv", "delta", "pv01"];

    [Fact]
    public async Task PricingAFileAsJsonGivesTheApisValuesToTheBit()
    {
        var body = TestData.PriceRequest(TestData.Trades("price-json", 12), Measures);
        using var file = new TempFile(".json", body.ToJsonString());

        var outcome = await platform.XipAsync("price", file.Path, "--format", "json");

        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.ToString());
        var expected = (await ApiPriceAsync(body)).EnumerateArray().ToList();
        var got = JsonDocument.Parse(outcome.Out).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(expected.Count, got.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("tradeId").GetString(), got[i].GetProperty("tradeId").GetString());
            var expectedValues = expected[i].GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            var gotValues = got[i].GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(expectedValues.Keys.Order(), gotValues.Keys.Order());
            Assert.All(expectedValues, v => Assert.Equal(BitConverter.DoubleToInt64Bits(v.Value), BitConverter.DoubleToInt64Bits(gotValues[v.Key])));
            Assert.Equal(Errors(expected[i]), Errors(got[i]));
        }

        Assert.Contains(expected, r => r.GetProperty("errors").EnumerateObject().Any());
    }

    [Fact]
    public async Task ThePriceTableShowsEachTradesValuesAsARiskUserReadsThemAndWhyOnesAreMissing()
    {
        var body = TestData.PriceRequest(TestData.Trades("price-table", 6), Measures);
        using var file = new TempFile(".json", body.ToJsonString());

        var outcome = await platform.XipAsync("price", file.Path);

        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.ToString());
        var lines = outcome.Out.Split('\n');
        Assert.Contains(lines, l => Measures.All(l.Contains));
        var reasons = new List<string>();
        foreach (var trade in (await ApiPriceAsync(body)).EnumerateArray())
        {
            var line = Assert.Single(lines, l => l.Contains(trade.GetProperty("tradeId").GetString()!, StringComparison.Ordinal));
            Assert.All(trade.GetProperty("values").EnumerateObject(), v => Assert.Contains(XiP.Cli.Output.RiskNumbers.Format(v.Name, v.Value.GetDouble()), line));
            reasons.AddRange(trade.GetProperty("errors").EnumerateObject().Select(e => e.Value.GetString()!));
            Assert.Equal(trade.GetProperty("errors").EnumerateObject().Count(), line.Split("n/a").Length - 1);
        }

        Assert.NotEmpty(reasons);
        Assert.All(reasons.Distinct(), r => Assert.Contains(lines, l => l.StartsWith("n/a", StringComparison.Ordinal) && l.Contains(r, StringComparison.Ordinal)));
    }

    private static Dictionary<string, string?> Errors(JsonElement result) =>
        result.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());

    private async Task<JsonElement> ApiPriceAsync(JsonObject body)
    {
        var response = await platform.Http.PostAsJsonAsync("/v1/price", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("results");
    }
}
