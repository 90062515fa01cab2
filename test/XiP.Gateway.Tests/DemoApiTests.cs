using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using XiP.Gateway.Demo;
using Xunit.Abstractions;

namespace XiP.Gateway.Tests;

/// <summary>
/// The demo data set (<c>POST /v1/demo</c>, issue 18): loading it again changes nothing, every demo trade prices with no
/// error (a pv run over each book, and over each scenario set, fails no valuation), and only a trader entitled to the demo
/// books loads it.
/// </summary>
public sealed class DemoApiTests(DemoFixture fixture, ITestOutputHelper output) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task LoadingTheDemoAgainChangesNoTradeVersionListingOrStoredTime()
    {
        var first = fixture.FirstLoad;
        Assert.True(first.GetProperty("created").GetBoolean());
        Assert.Equal(DemoDataSet.TradeCount, first.GetProperty("trades").GetInt32());
        Assert.Equal(DemoDataSet.Books, first.GetProperty("books").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(DemoDataSet.SnapshotId, first.GetProperty("snapshotId").GetString());
        Assert.Equal(DemoDataSet.ScenarioSetIds, first.GetProperty("scenarioSets").EnumerateArray().Select(s => s.GetString()));
        var before = await StoredAsync();

        using var again = await fixture.Admin.PostAsync("/v1/demo", content: null);
        var after = await StoredAsync();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetBoolean());
        Assert.Equal(before, after);
        var versions = JsonNode.Parse(after)!["versions"]!.AsObject();
        Assert.Equal(DemoDataSet.TradeCount, versions.Count);
        Assert.All(versions, v => Assert.Equal(1, (int)v.Value!));
        var books = JsonNode.Parse(after)!["books"]!.AsArray();
        Assert.Equal(DemoTrades.Books.OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => $"{b.Name}:{b.Count}"), books.Select(b => $"{b!["book"]}:{b["trades"]}"));
        var sets = JsonNode.Parse(after)!["scenarioSets"]!.AsArray();
        Assert.Equal([$"{DemoScenarios.HistoricalId}:250", $"{DemoScenarios.StressesId}:8"], sets.Select(s => $"{s!["id"]}:{s["scenarios"]}").Order());
    }

    [Fact]
    public async Task APvRunOverEachDemoBookCompletesWithNoFailedTrade()
    {
        foreach (var book in DemoDataSet.Books)
        {
            await AssertRunCleanAsync(book, scenarioSetId: null);
        }
    }

    [Theory]
    [InlineData(DemoScenarios.StressesId)]
    [InlineData(DemoScenarios.HistoricalId)]
    public async Task APvRunOfTheMixedBookUnderEachDemoScenarioSetCompletesWithNoFailedTrade(string scenarioSetId)
    {
        await AssertRunCleanAsync("demo-mixed", scenarioSetId);
    }

    [Fact]
    public async Task OnlyATraderEntitledToTheDemoBooksLoadsItAndARefusedLoadStoresNothing()
    {
        var keys = new Dictionary<string, (string Key, string Roles, string Books)>
        {
            ["viewer"] = ("demo-viewer-key-00000000", "viewer", "*"),
            ["desk-trader"] = ("demo-desk-trader-key-0000", "trader", "desk-*"),
            ["demo-trader"] = ("demo-demo-trader-key-0000", "trader", "demo-*"),
        };
        var directory = GatewayFactory.NewDataDirectory();
        try
        {
            await using var factory = new GatewayFactory(directory, configure: b =>
            {
                foreach (var (name, (key, roles, books)) in keys)
                {
                    b.UseSetting($"XiP:Auth:ApiKeys:{name}:Key", key);
                    b.UseSetting($"XiP:Auth:ApiKeys:{name}:Roles", roles);
                    b.UseSetting($"XiP:Auth:ApiKeys:{name}:Books", books);
                }
            });
            using var admin = factory.CreateClient();
            HttpClient As(string? key)
            {
                var client = factory.CreateDefaultClient();
                client.DefaultRequestHeaders.Remove("X-API-Key");
                if (key is not null)
                {
                    client.DefaultRequestHeaders.Add("X-API-Key", key);
                }

                return client;
            }

            using var anonymous = As(null);
            using var viewer = As(keys["viewer"].Key);
            using var deskTrader = As(keys["desk-trader"].Key);
            using var demoTrader = As(keys["demo-trader"].Key);

            await AssertRefusedAsync(anonymous, HttpStatusCode.Unauthorized);
            await AssertRefusedAsync(viewer, HttpStatusCode.Forbidden);
            await AssertRefusedAsync(deskTrader, HttpStatusCode.Forbidden);
            Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/v1/books")).GetProperty("items").EnumerateArray());
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v1/market-data/{DemoDataSet.SnapshotId}")).StatusCode);
            foreach (var id in DemoDataSet.ScenarioSetIds)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v1/scenario-sets/{id}")).StatusCode);
            }

            // the load takes no input: a body is refused naming it, not ignored
            using var withBody = await demoTrader.PostAsync("/v1/demo", new StringContent("""{"books":["demo-equity"]}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, withBody.StatusCode);
            Assert.True((await withBody.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("body", out _));
            Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/v1/books")).GetProperty("items").EnumerateArray());

            using var loaded = await demoTrader.PostAsync("/v1/demo", content: null);
            Assert.True(loaded.StatusCode == HttpStatusCode.OK, await loaded.Content.ReadAsStringAsync());
            Assert.Equal(DemoDataSet.Books.Count, (await admin.GetFromJsonAsync<JsonElement>("/v1/books")).GetProperty("items").GetArrayLength());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheLoadAndWhatItAnswers()
    {
        var document = await fixture.Admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var load = document.GetProperty("paths").GetProperty("/v1/demo").GetProperty("post");
        Assert.Contains("`trader`", load.GetProperty("description").GetString());
        Assert.Equal("#/components/schemas/DemoLoaded", load.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var answer = document.GetProperty("components").GetProperty("schemas").GetProperty("DemoLoaded").GetProperty("properties");
        Assert.Equal(["books", "trades", "snapshotId", "valuationDate", "scenarioSets", "created"], answer.EnumerateObject().Select(p => p.Name));
    }

    private static async Task AssertRefusedAsync(HttpClient client, HttpStatusCode status)
    {
        using var response = await client.PostAsync("/v1/demo", content: null);
        await AuthFixture.AssertProblemAsync(response, status);
    }

    private async Task AssertRunCleanAsync(string book, string? scenarioSetId)
    {
        var clock = Stopwatch.StartNew();
        var request = new JsonObject { ["book"] = book, ["marketDataId"] = DemoDataSet.SnapshotId, ["measures"] = new JsonArray("pv") };
        if (scenarioSetId is not null)
        {
            request["scenarioSetId"] = scenarioSetId;
        }

        var (runId, _) = await RunClient.SubmitAsync(fixture.Admin, request);
        var events = await RunClient.ReadEventsAsync(fixture.Admin, runId);
        var run = await fixture.Admin.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");
        var results = await RunClient.ReadAllResultsAsync(fixture.Admin, runId, pageSize: 10_000);
        output.WriteLine($"{book} × {scenarioSetId ?? "base"}: {run.GetProperty("total").GetInt64()} valuations in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal("completed", events[^1].Event);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(0, run.GetProperty("failed").GetInt64());
        Assert.Equal(DemoTrades.Books.Single(b => b.Name == book).Count, results.Count);
        var failed = results.Where(r => r.GetProperty("error").ValueKind != JsonValueKind.Null).Select(r => $"{r.GetProperty("tradeId")}: {r.GetProperty("error")}").ToList();
        Assert.True(failed.Count == 0, string.Join('\n', failed.Take(10)));
    }

    /// <summary>What the demo left stored, as one JSON text: the book listing, the demo's snapshot and sets as listed, and every demo trade's version.</summary>
    private async Task<string> StoredAsync()
    {
        var client = fixture.Admin;
        var state = new JsonObject
        {
            ["books"] = (await client.GetFromJsonAsync<JsonObject>("/v1/books"))!["items"]!.DeepClone(),
            ["marketData"] = (await client.GetFromJsonAsync<JsonObject>("/v1/market-data"))!["items"]!.DeepClone(),
            ["scenarioSets"] = (await client.GetFromJsonAsync<JsonObject>("/v1/scenario-sets"))!["items"]!.DeepClone(),
            ["snapshot"] = await client.GetFromJsonAsync<JsonObject>($"/v1/market-data/{DemoDataSet.SnapshotId}"),
        };
        var versions = new JsonObject();
        foreach (var book in DemoDataSet.Books)
        {
            string? cursor = null;
            do
            {
                var page = (await client.GetFromJsonAsync<JsonObject>($"/v1/books/{book}/trades?limit=10000" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}")))!;
                foreach (var item in page["items"]!.AsArray())
                {
                    versions[(string)item!["tradeId"]!] = (int)item["version"]!;
                }

                cursor = (string?)page["nextCursor"];
            }
            while (cursor is not null);
        }

        state["versions"] = versions;
        return state.ToJsonString();
    }
}
