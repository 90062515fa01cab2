using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>Browser sessions: a key exchanged for an HttpOnly, SameSite=Strict cookie, whose state-changing requests need the antiforgery token.</summary>
[Collection(AuthCollection.Name)]
public sealed class SessionTests(AuthFixture fixture)
{
    [Fact]
    public async Task ASessionCookieReadsAndWritesOnlyWithTheAntiforgeryToken()
    {
        // the test server's handler keeps no cookies: the browser's part is played by hand
        using var signIn = fixture.WithKey(AuthFixture.Keys["trader-a"].Key);
        var response = await signIn.PostAsync("/v1/session", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("trader-a", (string?)session["caller"]);
        var token = (string)session["antiforgeryToken"]!;
        var setCookies = response.Headers.GetValues("Set-Cookie").ToList();
        var sessionCookie = setCookies.Single(c => c.StartsWith("xip-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", sessionCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", sessionCookie, StringComparison.OrdinalIgnoreCase);
        var cookieHeader = string.Join("; ", setCookies.Select(c => c.Split(';')[0]));

        using var browser = fixture.WithKey(null);
        browser.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/v1/trades/{fixture.TradeA}")).StatusCode);

        var id = "session-" + Guid.NewGuid().ToString("N");
        var forged = await browser.PutAsJsonAsync($"/v1/trades/{id}", AuthFixture.Trade(id, AuthFixture.BookA));
        await AuthFixture.AssertProblemAsync(forged, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync($"/v1/trades/{id}")).StatusCode);

        using var withToken = new HttpRequestMessage(HttpMethod.Put, $"/v1/trades/{id}") { Content = JsonContent.Create(AuthFixture.Trade(id, AuthFixture.BookA)) };
        withToken.Headers.Add((string)session["antiforgeryHeader"]!, token);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(withToken)).StatusCode);

        // the session keeps the key's books: another desk's trade stays out of reach
        await AuthFixture.AssertProblemAsync(await browser.GetAsync($"/v1/trades/{fixture.TradeB}"), HttpStatusCode.Forbidden);

        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/v1/session");
        signOut.Headers.Add((string)session["antiforgeryHeader"]!, token);
        var signedOut = await browser.SendAsync(signOut);
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Contains(signedOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("xip-session=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASessionIsNotGivenForABearerToken()
    {
        using var client = fixture.WithToken(AuthFixture.Token("jwt-trader", "trader", AuthFixture.BookA));

        await AuthFixture.AssertProblemAsync(await client.PostAsync("/v1/session", null), HttpStatusCode.Unauthorized);
    }
}
