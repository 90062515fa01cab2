using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>A run whose totals are not finite answers without a summary, saying why.</summary>
[Collection(RunsCollection.Name)]
public sealed class RunSummaryTests(RunsFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task ARunWhosePvTotalOverflowsCompletesWithoutASummaryAndSaysWhy()
    {
        // each call's PV is about 1.7e307, a finite number; twelve of them add up past double.MaxValue (1.8e308). The
        // trade readers take any finite quantity today: if they come to bound it, this needs another way to overflow.
        var book = "book-" + Guid.NewGuid().ToString("N");
        var trades = new JsonArray();
        for (var i = 0; i < 12; i++)
        {
            var trade = Requests.European();
            trade["id"] = $"{book}-huge{i}";
            trade["book"] = book;
            trade["quantity"] = 1e306;
            trades.Add(trade);
        }

        await RunClient.StoreTradesAsync(Client, trades);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var scenarioSetId = await RunClient.StoreScenarioSetAsync(Client, new JsonObject
        {
            ["scenarios"] = new JsonArray(new JsonObject { ["id"] = "up", ["shifts"] = new JsonArray(new JsonObject { ["target"] = "equity:*", ["kind"] = "spotRelative", ["amount"] = 0.01 }) }),
        });

        var (runId, _) = await RunClient.SubmitAsync(Client, new JsonObject { ["book"] = book, ["marketDataId"] = marketDataId, ["scenarioSetId"] = scenarioSetId, ["measures"] = new JsonArray("pv") });
        Assert.Equal("completed", (await RunClient.ReadEventsAsync(Client, runId))[^1].Event);
        var response = await Client.GetAsync($"/v1/runs/{runId}");
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("summary").ValueKind);
        Assert.Contains("total PV of the base market is Infinity", status.GetProperty("summaryError").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, status.GetProperty("failed").GetInt64());

        // every trade priced to a finite value: only their sum overflows
        var results = await RunClient.ReadAllResultsAsync(Client, runId);
        Assert.Equal(12, results.Count);
        var basePvs = results.Select(r => r.GetProperty("values")[0].GetDouble()).ToList();
        Assert.All(basePvs, v => Assert.True(double.IsFinite(v) && v > 1e307, $"{v}"));
        Assert.Equal(double.PositiveInfinity, basePvs.Sum());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/v1/runs")).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentNamesSummaryError()
    {
        var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json")).RootElement;

        var status = document.GetProperty("components").GetProperty("schemas").GetProperty("RunStatus").GetProperty("properties");
        Assert.True(status.TryGetProperty("summaryError", out _), status.GetRawText());
        Assert.True(status.TryGetProperty("summary", out _), status.GetRawText());
    }
}
