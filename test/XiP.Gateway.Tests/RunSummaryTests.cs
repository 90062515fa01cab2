using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace XiP.Gateway.Tests;

/// <summary>A run's summary is what its stored results add up to, and a run whose totals are not finite answers without one.</summary>
[Collection(RunsCollection.Name)]
public sealed class RunSummaryTests(RunsFixture fixture)
{
    // base + 3 listed + 247 generated: at 95% the tail is ⌈12.5⌉ = 13 scenarios, at 99% ⌈2.5⌉ = 3, so neither is a lone value
    private const int Scenarios = 250;

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task TheSummaryIsThePvPnlVarAndEsOfTheStoredResultsComputedHere()
    {
        var book = "book-" + Guid.NewGuid().ToString("N");
        await RunClient.StoreTradesAsync(Client, Portfolio(book));
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var scenarioSetId = await RunClient.StoreScenarioSetAsync(Client, ScenarioSet());
        var run = new JsonObject { ["book"] = book, ["marketDataId"] = marketDataId, ["scenarioSetId"] = scenarioSetId, ["measures"] = new JsonArray("delta", "pv") };

        var (runId, _) = await RunClient.SubmitAsync(Client, run);
        Assert.Equal("completed", (await RunClient.ReadEventsAsync(Client, runId))[^1].Event);
        var summary = (await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}")).GetProperty("summary");

        // small pages, so the totals come from every page of the results; the portfolio is below one summation block
        // (64 trades), where the platform adds the PVs in trade order, as here, so the sums must agree to the bit
        var results = await RunClient.ReadAllResultsAsync(Client, runId, pageSize: 5);
        var pv = results.Where(r => r.GetProperty("measure").GetString() == "pv").ToList();
        Assert.Equal(Portfolio(book).Count, pv.Count);
        var totals = new double[Scenarios + 1];
        foreach (var result in pv)
        {
            var values = result.GetProperty("values");
            Assert.Equal(totals.Length, values.GetArrayLength());
            for (var k = 0; k < totals.Length; k++)
            {
                totals[k] += values[k].GetDouble();
            }
        }

        var pnl = totals.Skip(1).Select(scenario => scenario - totals[0]).ToArray();
        Assert.Contains(pnl, p => p < 0);
        Assert.Contains(pnl, p => p > 0);
        Assert.Equal(totals, Doubles(summary.GetProperty("pvByScenario")));
        Assert.Equal(pnl, Doubles(summary.GetProperty("pnlByScenario")));
        var (var95, es95) = HistoricalVarAndEs(pnl, confidencePercent: 95);
        var (var99, es99) = HistoricalVarAndEs(pnl, confidencePercent: 99);
        Assert.Equal(var95, summary.GetProperty("var95").GetDouble());
        Assert.Equal(es95, summary.GetProperty("es95").GetDouble());
        Assert.Equal(var99, summary.GetProperty("var99").GetDouble());
        Assert.Equal(es99, summary.GetProperty("es99").GetDouble());

        // delta does not apply to swaps and bonds: those trades count as failed, and their PVs still count in the totals
        var failedTrades = results.Where(r => r.GetProperty("error").ValueKind != JsonValueKind.Null).Select(r => r.GetProperty("tradeId").GetString()).Distinct().Count();
        Assert.True(failedTrades > 0);
        Assert.Equal(failedTrades, summary.GetProperty("failedTrades").GetInt32());
    }

    [Fact]
    public async Task ARunWhosePvTotalOverflowsCompletesWithoutASummaryAndSaysWhy()
    {
        // each call's PV is about 1.7e307, a finite number; twelve of them add up past double.MaxValue (1.8e308). The
        // readers bound quantities (1e12) so no such book can be stored through REST any more; it stands for a book
        // stored before the bounds, written here straight to the book grain as an older version would have stored it.
        var book = "book-" + Guid.NewGuid().ToString("N");
        await HugeBook.StoreAsync(fixture.Factory.Services.GetRequiredService<IGrainFactory>(), book);
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

    /// <summary>
    /// Historical VaR and ES as the platform documents them (XiP.Numerics.RiskMeasures): the tail is the
    /// k = ⌈(1 − α)·N⌉ worst P&amp;Ls; VaR is the k-th worst as a loss, ES minus the mean of the k worst, summed worst first.
    /// </summary>
    private static (double Var, double Es) HistoricalVarAndEs(double[] pnl, int confidencePercent)
    {
        var worstFirst = pnl.Order().ToArray();

        // ⌈(100 − c)·N / 100⌉ in integers, so no binary rounding of 0.05 or 0.01 can move it
        var k = Math.Max(1, (((100 - confidencePercent) * pnl.Length) + 99) / 100);
        var tail = 0.0;
        for (var i = 0; i < k; i++)
        {
            tail += worstFirst[i];
        }

        return (-worstFirst[k - 1], -(tail / k));
    }

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];

    // long and short options, payer and receiver swaps and bonds, so scenarios move the total both ways
    private static JsonArray Portfolio(string book)
    {
        var trades = new JsonArray();
        for (var i = 0; i < 12; i++)
        {
            var trade = (i % 3) switch { 0 => Requests.European(), 1 => Requests.Swap(), _ => Requests.Bond() };
            trade["id"] = $"{book}-t{i:D2}";
            trade["book"] = book;
            switch (i % 3)
            {
                case 0:
                    trade["optionType"] = i % 2 == 0 ? "call" : "put";
                    trade["strike"] = 110.0 + (3 * i);
                    trade["quantity"] = i % 4 == 0 ? 250 : -180;
                    break;
                case 1:
                    trade["direction"] = i % 2 == 0 ? "payFixed" : "receiveFixed";
                    trade["notional"] = 1_000_000 + (10_000 * i);
                    break;
                default:
                    trade["faceValue"] = 5_000 + (100 * i);
                    trade["curve"] = "USD-SOFR";
                    break;
            }

            trades.Add(trade);
        }

        return trades;
    }

    private static JsonObject ScenarioSet() => new()
    {
        ["scenarios"] = new JsonArray(
            new JsonObject { ["id"] = "rates+25", ["shifts"] = new JsonArray(new JsonObject { ["target"] = "curve:*", ["kind"] = "parallel", ["amount"] = 25 }) },
            new JsonObject { ["id"] = "rates-40", ["shifts"] = new JsonArray(new JsonObject { ["target"] = "curve:*", ["kind"] = "parallel", ["amount"] = -40 }) },
            new JsonObject
            {
                ["id"] = "crash",
                ["shifts"] = new JsonArray(
                    new JsonObject { ["target"] = "equity:*", ["kind"] = "spotRelative", ["amount"] = -0.2 },
                    new JsonObject { ["target"] = "equity:*", ["kind"] = "volAbsolute", ["amount"] = 0.1 }),
            }),
        ["generate"] = new JsonObject { ["count"] = Scenarios - 3, ["seed"] = 11, ["curveParallelBpStdDev"] = 15, ["spotRelativeStdDev"] = 0.05, ["volAbsoluteStdDev"] = 0.02 },
    };
}
