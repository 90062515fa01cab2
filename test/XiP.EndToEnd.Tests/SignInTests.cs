using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace XiP.EndToEnd.Tests;

/// <summary>A browser without credentials signs in with a pasted key: its fetches, event streams and the Orleans Dashboard then work through the session cookie.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SignInTests(DashboardFixture fixture)
{
    static SignInTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task APastedKeyOpensASessionThatSubmitsRunsAndReachesTheOrleansDashboardUntilSignOut()
    {
        var book = await TestData.StoreBookAsync(fixture.Client, 10);
        var marketDataId = await TestData.StoreMarketDataAsync(fixture.Client);
        var (page, errors) = await fixture.NewPageAsync(signedOut: true);

        await page.GotoAsync("/");
        await Expect(page.GetByTestId("sign-in-form")).ToBeVisibleAsync();
        await page.GetByTestId("api-key").FillAsync("not-the-key");
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("Not signed in");
        await page.GetByTestId("api-key").FillAsync(GatewayServer.ApiKey);
        await page.GetByTestId("sign-in").ClickAsync();

        // a state-changing request made with the cookie carries the antiforgery token
        await page.GetByLabel("Book").SelectOptionAsync(book);
        await page.GetByLabel("Market data snapshot").SelectOptionAsync(marketDataId);
        await page.GetByTestId("run-form-submit").ClickAsync();
        var submitted = page.GetByTestId("run-form-status");
        await Expect(submitted).ToHaveAttributeAsync("data-run-id", new System.Text.RegularExpressions.Regex("^run-"));
        var orleans = await page.GotoAsync("/orleans/");
        Assert.True(orleans?.Ok, $"GET /orleans/ answered {orleans?.Status}");

        await page.GotoAsync("/");
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByTestId("sign-in-form")).ToBeVisibleAsync();
        var afterSignOut = await page.APIRequest.GetAsync("/v1/runs");
        Assert.Equal(401, afterSignOut.Status);

        // the failed sign-in and the 401s the form answers are expected; nothing else may have gone wrong
        Assert.DoesNotContain(errors, e => !e.Contains("401", StringComparison.Ordinal) && !e.Contains("Unauthorized", StringComparison.OrdinalIgnoreCase));
    }
}
