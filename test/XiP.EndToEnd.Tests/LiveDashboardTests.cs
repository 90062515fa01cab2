using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace XiP.EndToEnd.Tests;

[Collection(DashboardCollection.Name)]
public sealed class LiveDashboardTests(DashboardFixture fixture)
{
    static LiveDashboardTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task ASpotTickSentThroughTheApiMovesTheTradesValueAndTheTotalOnTheLivePageWithoutAReload()
    {
        var book = await TestData.StoreBookAsync(fixture.Client, 6);
        var market = "live-" + Guid.NewGuid().ToString("N");
        (await fixture.Client.PutAsJsonAsync($"/v1/live-markets/{market}", Requests.MarketData())).EnsureSuccessStatusCode();
        var (page, errors) = await fixture.NewPageAsync();

        // the subscription is made through the page's form, then followed
        await page.GotoAsync("/#/live");
        await page.GetByTestId("live-form-book").FillAsync(book);
        await page.GetByTestId("live-form-liveMarket").FillAsync(market);
        await page.GetByTestId("live-form-measures").FillAsync("pv, delta");
        await page.GetByTestId("live-create-submit").ClickAsync();
        await Expect(page.GetByTestId("live-version")).ToHaveTextAsync("1");
        var subscription = Uri.UnescapeDataString(new Uri(page.Url).Fragment["#/live/".Length..]);

        var option = $"{book}-t00000";
        var row = page.Locator($"tr[data-trade-id='{option}']");
        var pvCell = row.Locator("td[data-measure=pv]");
        var before = (await GetAsync($"/v1/subscriptions/{subscription}")).GetProperty("totals").GetProperty("pv").GetDouble();
        Assert.Equal(before, await ValueAsync(page.GetByTestId("live-total-pv")));
        var pvBefore = await pvCell.GetAttributeAsync("data-value");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        using var tick = await fixture.Client.PatchAsJsonAsync($"/v1/live-markets/{market}", new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 131.5 } } });
        tick.EnsureSuccessStatusCode();

        await Expect(page.GetByTestId("live-version")).ToHaveTextAsync("2");
        var after = await GetAsync($"/v1/subscriptions/{subscription}");
        var moved = after.GetProperty("trades").EnumerateArray().Single(t => t.GetProperty("tradeId").GetString() == option).GetProperty("values").GetProperty("pv").GetDouble();
        // the cells and the version are written by the same event handler, so version 2 on the page means its values are there
        Assert.NotEqual(double.Parse(pvBefore!, CultureInfo.InvariantCulture), moved);
        Assert.Equal(moved, await ValueAsync(pvCell));
        await Expect(row).ToHaveClassAsync(new Regex("\\bmoved\\b"));
        var total = after.GetProperty("totals").GetProperty("pv").GetDouble();
        Assert.NotEqual(before, total);
        Assert.Equal(total, await ValueAsync(page.GetByTestId("live-total-pv")));

        // the swap (t00001) reads no equity: it did not move
        await Expect(page.Locator($"tr[data-trade-id='{book}-t00001']")).Not.ToHaveClassAsync(new Regex("\\bmoved\\b"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
        Assert.Empty(errors);
    }

    private static async Task<double> ValueAsync(ILocator cell) => double.Parse((await cell.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);

    private async Task<JsonElement> GetAsync(string path) => await fixture.Client.GetFromJsonAsync<JsonElement>(path);
}
