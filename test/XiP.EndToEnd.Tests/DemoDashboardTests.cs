using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace XiP.EndToEnd.Tests;

/// <summary>A newcomer's first minutes (issue 18): the empty dashboard offers the demo data set, and a run picked from it completes.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DemoDashboardTests(DashboardFixture fixture, EmptyGateway empty) : IClassFixture<EmptyGateway>
{
    static DemoDashboardTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task OnAnEmptyGatewayLoadDemoDataFillsTheRunFormsListsAndARunPickedFromThemCompletes()
    {
        var (page, errors) = await fixture.NewPageAsync(gateway: empty.BaseAddress);

        await page.GotoAsync("/");
        var offer = page.GetByTestId("demo-offer");
        await Expect(offer).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Book").Locator("option")).ToHaveTextAsync(["None stored yet"]);
        await Expect(page.GetByLabel("Market data snapshot").Locator("option")).ToHaveTextAsync(["None stored yet"]);
        await Screenshots.SaveAsync(page, "dashboard-empty.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Load demo data" }).ClickAsync();
        await Expect(page.GetByTestId("demo-status")).ToContainTextAsync("Loaded 3,200 trades in 4 books");

        await page.GetByLabel("Book").SelectOptionAsync("demo-mixed");
        await page.GetByLabel("Market data snapshot").SelectOptionAsync("demo");
        await page.GetByLabel("Scenario set").SelectOptionAsync("demo-stresses");
        await page.GetByTestId("run-form-submit").ClickAsync();
        var submitted = page.GetByTestId("run-form-status");
        await Expect(submitted).ToHaveAttributeAsync("data-run-id", new System.Text.RegularExpressions.Regex("^run-"));
        var runId = (await submitted.GetAttributeAsync("data-run-id"))!;

        var row = page.Locator($"[data-testid=run-row][data-run-id='{runId}']");
        await Expect(row.GetByTestId("run-status")).ToHaveTextAsync("completed");
        await Expect(row.GetByTestId("run-progress")).ToHaveAttributeAsync("aria-valuenow", "100");
        var run = await (await page.APIRequest.GetAsync($"/v1/runs/{runId}")).JsonAsync();
        Assert.Equal(0, run!.Value.GetProperty("failed").GetInt64());
        await page.ReloadAsync();
        await Expect(offer).ToBeHiddenAsync();
        Assert.Empty(errors);
    }
}
