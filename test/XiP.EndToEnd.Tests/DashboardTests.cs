using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace XiP.EndToEnd.Tests;

[Collection(DashboardCollection.Name)]
public sealed partial class DashboardTests(DashboardFixture fixture)
{
    private const int Trades = 320;
    private const int Scenarios = 200;
    private static readonly string[] RiskKeys = ["var95", "var99", "es95", "es99"];

    static DashboardTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task ARunSubmittedThroughTheFormShowsLiveProgressThenItsPnlDistributionWithTheRunsVarAndEs()
    {
        var book = await TestData.StoreBookAsync(fixture.Client, Trades);
        var marketDataId = await TestData.StoreMarketDataAsync(fixture.Client);
        var scenarioSetId = await TestData.StoreScenarioSetAsync(fixture.Client, Scenarios);
        var (page, errors) = await fixture.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByLabel("Book").SelectOptionAsync(book);
        await page.GetByLabel("Market data snapshot").SelectOptionAsync(marketDataId);
        await page.GetByLabel("Scenario set").SelectOptionAsync(scenarioSetId);
        await page.GetByTestId("run-form-measure-delta").CheckAsync();
        await Screenshots.SaveAsync(page, "dashboard-run-form.png");
        await page.GetByTestId("run-form-submit").ClickAsync();
        var submitted = page.GetByTestId("run-form-status");
        await Expect(submitted).ToHaveAttributeAsync("data-run-id", RunId());
        var runId = (await submitted.GetAttributeAsync("data-run-id"))!;

        // the first batch is done, the others are held: the bar stands part-way, as the run's counts say
        var row = page.Locator($"[data-testid=run-row][data-run-id='{runId}']");
        var bar = row.GetByTestId("run-progress");
        await Expect(bar).ToHaveAttributeAsync("aria-valuenow", PartWay());
        var partWay = await GetRunAsync(runId);
        Assert.Equal("running", partWay.GetProperty("status").GetString());
        Assert.Equal(Percent(partWay), int.Parse((await bar.GetAttributeAsync("aria-valuenow"))!, CultureInfo.InvariantCulture));

        fixture.Gate.Open();
        await Expect(bar).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(row.GetByTestId("run-status")).ToHaveTextAsync("completed");

        await row.GetByRole(AriaRole.Link, new() { Name = runId }).ClickAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("completed");
        await Expect(page.GetByTestId("pnl-chart")).ToBeVisibleAsync();
        var run = await GetRunAsync(runId);
        var summary = run.GetProperty("summary");
        var bars = page.GetByTestId("pnl-bar");
        Assert.True(await bars.CountAsync() > 1, "the histogram has more than one bar");
        Assert.Equal(summary.GetProperty("pnlByScenario").GetArrayLength(), await bars.EvaluateAllAsync<int>("bars => bars.reduce((n, b) => n + Number(b.getAttribute('data-count')), 0)"));
        foreach (var key in RiskKeys)
        {
            var cell = page.GetByTestId(key);
            Assert.Equal(summary.GetProperty(key).GetDouble(), double.Parse((await cell.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture));
            await Expect(cell).Not.ToBeEmptyAsync();
            await Expect(page.GetByTestId($"marker-{key}")).ToHaveCountAsync(1);
        }

        await Screenshots.SaveAsync(page, "dashboard-run.png");

        await Expect(page.GetByTestId("run-done")).ToHaveTextAsync(run.GetProperty("done").GetInt64().ToString("N0", CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("run-retried")).ToHaveTextAsync(run.GetProperty("retriedBatches").GetInt32().ToString(CultureInfo.InvariantCulture));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ARefusedRunShowsTheGatewaysMessageNextToTheFieldAtFault()
    {
        var marketDataId = await TestData.StoreMarketDataAsync(fixture.Client);
        var (page, _) = await fixture.NewPageAsync();

        await page.GotoAsync("/");
        // a book gone since the form read the list: the gateway's refusal is shown next to the field
        var missing = "no-such-book-" + Guid.NewGuid().ToString("N");
        await Expect(page.GetByLabel("Book").Locator("option", new() { HasText = "Loading…" })).ToHaveCountAsync(0);
        await page.GetByLabel("Book").EvaluateAsync("(select, book) => select.add(new Option(book, book))", missing);
        await page.GetByLabel("Book").SelectOptionAsync(missing);
        await page.GetByLabel("Market data snapshot").SelectOptionAsync(marketDataId);
        await page.GetByTestId("run-form-submit").ClickAsync();

        await Expect(page.GetByLabel("Book")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByTestId("run-form-book-error")).ToContainTextAsync("no trades");
        await Expect(page.GetByTestId("run-form-status")).Not.ToHaveAttributeAsync("data-run-id", RunId());
        await Expect(page.GetByLabel("Market data snapshot")).Not.ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task ARunWhoseTotalsOverflowShowsWhyItHasNoSummary()
    {
        // twelve calls of about 1.7e307 each: every PV is finite, their total is not (one batch, so the gate holds nothing);
        // REST bounds quantities now, so the book is one stored before the bounds, written straight to its grain
        var book = "book-" + Guid.NewGuid().ToString("N");
        await HugeBook.StoreAsync(fixture.Server.Services.GetRequiredService<IGrainFactory>(), book);
        var marketDataId = await TestData.StoreMarketDataAsync(fixture.Client);
        var submitted = await fixture.Client.PostAsJsonAsync("/v1/runs", new JsonObject { ["book"] = book, ["marketDataId"] = marketDataId, ["measures"] = new JsonArray("pv") });
        submitted.EnsureSuccessStatusCode();
        var runId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        var (page, errors) = await fixture.NewPageAsync();

        await page.GotoAsync($"/#/runs/{runId}");

        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("completed");
        await Expect(page.GetByTestId("run-summary-error")).ToContainTextAsync("total PV of the base market is Infinity");
        await Expect(page.GetByTestId("pnl-chart")).ToHaveCountAsync(0);
        Assert.Equal(JsonValueKind.Null, (await GetRunAsync(runId)).GetProperty("summary").ValueKind);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheClusterPageListsTheSilosAndTheirGrainActivations()
    {
        var cluster = await fixture.Client.GetFromJsonAsync<JsonElement>("/v1/cluster");
        var (page, errors) = await fixture.NewPageAsync();

        await page.GotoAsync("/#/cluster");

        var silos = page.GetByTestId("silo-row");
        await Expect(silos).ToHaveCountAsync(cluster.GetProperty("silos").GetArrayLength());
        await Expect(silos.First.GetByTestId("silo-status")).ToHaveTextAsync("active");
        await Expect(silos.First.GetByTestId("silo-roles")).ToHaveTextAsync("control, compute");
        await Expect(silos.First.GetByTestId("silo-drain")).ToHaveTextAsync("Drain");
        await Expect(page.GetByTestId("grain-row").First).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheOrleansDashboardIsMountedUnderOrleans()
    {
        var (page, errors) = await fixture.NewPageAsync();

        var response = await page.GotoAsync("/orleans/");

        Assert.True(response?.Ok, $"GET /orleans/ answered {response?.Status}");
        await Expect(page).ToHaveTitleAsync("Orleans Dashboard");

        // its bundle ran under the policy the gateway serves it with: it drew its menu, and the browser refused nothing
        await Expect(page.Locator("#menu a").First).ToBeVisibleAsync();
        Assert.DoesNotContain(errors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    private async Task<JsonElement> GetRunAsync(string runId) => await fixture.Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");

    private static int Percent(JsonElement run) => (int)(100 * run.GetProperty("done").GetInt64() / run.GetProperty("total").GetInt64());

    [GeneratedRegex("^run-")]
    private static partial Regex RunId();

    // 1 to 99
    [GeneratedRegex("^[1-9][0-9]?$")]
    private static partial Regex PartWay();
}
