using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace XiP.Gateway.Tests;

/// <summary>A run's cost (trades × markets × measures) is checked against <c>XiP:Runs:MaxValuationsPerRun</c> before any work, and a run over it refused naming the limit.</summary>
public sealed class RunBudgetTests
{
    [Fact]
    public async Task A_run_over_the_valuation_budget_is_refused_naming_the_limit_and_one_within_it_runs()
    {
        // 4 trades × (2 scenarios + base) × 2 measures = 24 valuations
        await using var factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: b => b.UseSetting("XiP:Runs:MaxValuationsPerRun", "23"));
        try
        {
            using var client = factory.CreateClient();
            var book = "book-" + Guid.NewGuid().ToString("N");
            var trades = new JsonArray();
            for (var i = 0; i < 4; i++)
            {
                var trade = Requests.European();
                trade["id"] = $"{book}-{i}";
                trade["book"] = book;
                trades.Add(trade);
            }

            await RunClient.StoreTradesAsync(client, trades);
            var marketDataId = await RunClient.StoreMarketDataAsync(client, Requests.MarketData());
            var scenarioSetId = await RunClient.StoreScenarioSetAsync(client, new JsonObject { ["generate"] = new JsonObject { ["count"] = 2, ["seed"] = 1, ["spotRelativeStdDev"] = 0.01 } });
            JsonObject Run(params string[] measures) => new() { ["book"] = book, ["marketDataId"] = marketDataId, ["scenarioSetId"] = scenarioSetId, ["measures"] = new JsonArray(measures.Select(m => (JsonNode)m).ToArray()) };

            using var refused = await client.PostAsJsonAsync("/v1/runs", Run("pv", "delta"));
            var errors = await ProblemAssertions.AssertBadRequestAsync(refused, exact: true, "book");
            var message = errors.GetProperty("book")[0].GetString()!;
            Assert.Contains("24 valuations", message, StringComparison.Ordinal);
            Assert.Contains("MaxValuationsPerRun", message, StringComparison.Ordinal);
            Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/v1/runs")).EnumerateArray());

            var (runId, _) = await RunClient.SubmitAsync(client, Run("pv"));
            Assert.Equal("completed", (await RunClient.ReadEventsAsync(client, runId))[^1].Event);
        }
        finally
        {
            await factory.DisposeAsync();
            Directory.Delete(factory.DataDirectory, recursive: true);
        }
    }
}
