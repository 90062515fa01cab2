using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using XiP.Gateway.Apis;

namespace XiP.Gateway.Tests;

/// <summary>
/// Every route × every kind of caller: no or bad credentials are 401 problem+json with WWW-Authenticate, a role or book
/// that does not allow the call is 403 problem+json, and a refused write stores nothing.
/// </summary>
[Collection(AuthCollection.Name)]
public sealed class AuthMatrixTests(AuthFixture fixture)
{
    public enum Who
    {
        Anonymous,
        BadKey,
        ExpiredToken,
        WronglySignedToken,
        WrongAudienceToken,
        Viewer,
        TraderOfAnotherBook,
        TraderOfTheBook,
        TraderToken,
        Admin,
    }

    /// <summary>A route: the least role it needs, whether it is about book A, what success answers, and how to see that a refused call stored nothing.</summary>
    public sealed record Route(
        string Name,
        string Method,
        Func<AuthFixture, string, string> Path,
        Func<AuthFixture, string, JsonNode?>? Body,
        string Need,
        bool AboutBookA,
        HttpStatusCode Success,
        Func<AuthFixture, string, string>? StoredAt = null,
        Func<Who, HttpStatusCode?>? Except = null);

    private static readonly Route[] Routes =
    [
        new("price", "POST", (_, _) => "/v1/price", (_, _) => Requests.Price(), "trader", false, HttpStatusCode.OK),
        new("calibrate", "POST", (_, _) => "/v1/curves/calibrate", (_, _) => new JsonObject
        {
            ["valuationDate"] = "2024-01-15", ["curve"] = Requests.MarketData()["curves"]!["EUR-ESTR"]!.DeepClone(), ["dates"] = new JsonArray("2025-01-15"),
        }, "trader", false, HttpStatusCode.OK),
        new("put market data", "PUT", (_, s) => $"/v1/market-data/md-{s}", (_, _) => Requests.MarketData(), "trader", false, HttpStatusCode.Created, (_, s) => $"/v1/market-data/md-{s}"),
        new("get market data", "GET", (f, _) => $"/v1/market-data/{f.MarketDataId}", null, "viewer", false, HttpStatusCode.OK),
        new("put scenario set", "PUT", (_, s) => $"/v1/scenario-sets/ss-{s}", (_, _) => AuthFixture.ScenarioSet(), "trader", false, HttpStatusCode.Created, (_, s) => $"/v1/scenario-sets/ss-{s}"),
        new("get scenario set", "GET", (f, _) => $"/v1/scenario-sets/{f.ScenarioSetId}", null, "viewer", false, HttpStatusCode.OK),
        new("put trade", "PUT", (_, s) => $"/v1/trades/t-{s}", (_, s) => AuthFixture.Trade($"t-{s}", AuthFixture.BookA), "trader", true, HttpStatusCode.Created, (_, s) => $"/v1/trades/t-{s}"),
        new("post trades", "POST", (_, _) => "/v1/trades", (_, s) => new JsonArray(AuthFixture.Trade($"bulk-{s}", AuthFixture.BookA)), "trader", true, HttpStatusCode.OK, (_, s) => $"/v1/trades/bulk-{s}"),
        new("get trade", "GET", (f, _) => $"/v1/trades/{f.TradeA}", null, "viewer", true, HttpStatusCode.OK),
        new("get book", "GET", (_, _) => $"/v1/books/{AuthFixture.BookA}/trades", null, "viewer", true, HttpStatusCode.OK),
        new("submit book run", "POST", (_, _) => "/v1/runs", (f, s) => f.Run(AuthFixture.BookA, $"book-{s}"), "trader", true, HttpStatusCode.Accepted, (_, s) => $"/v1/runs/{RunIds.For($"book-{s}")}"),
        new("submit trade run", "POST", (_, _) => "/v1/runs", (f, s) => TradeRun(f, $"trades-{s}"), "trader", true, HttpStatusCode.Accepted, (_, s) => $"/v1/runs/{RunIds.For($"trades-{s}")}"),
        new("list books", "GET", (_, _) => "/v1/books", null, "viewer", false, HttpStatusCode.OK),
        new("list market data", "GET", (_, _) => "/v1/market-data", null, "viewer", false, HttpStatusCode.OK),
        new("list scenario sets", "GET", (_, _) => "/v1/scenario-sets", null, "viewer", false, HttpStatusCode.OK),
        new("list runs", "GET", (_, _) => "/v1/runs", null, "viewer", false, HttpStatusCode.OK),
        new("get run", "GET", (f, _) => $"/v1/runs/{f.RunA}", null, "viewer", true, HttpStatusCode.OK),
        new("get results", "GET", (f, _) => $"/v1/runs/{f.RunA}/results", null, "viewer", true, HttpStatusCode.OK),
        new("get events", "GET", (f, _) => $"/v1/runs/{f.RunA}/events", null, "viewer", true, HttpStatusCode.OK),
        new("cancel own run", "DELETE", (f, _) => $"/v1/runs/{f.RunA}", null, "trader", true, HttpStatusCode.OK,
            Except: who => who == Who.TraderToken ? HttpStatusCode.Forbidden : null),
        new("cancel another's run", "DELETE", (f, _) => $"/v1/runs/{f.RunAByAdmin}", null, "trader", true, HttpStatusCode.OK,
            Except: who => who is Who.TraderOfTheBook or Who.TraderToken ? HttpStatusCode.Forbidden : null),
        new("cluster", "GET", (_, _) => "/v1/cluster", null, "admin", false, HttpStatusCode.OK),
        new("drain", "POST", (_, _) => "/v1/cluster/silos/10.9.9.9:1@1/drain", null, "admin", false, HttpStatusCode.NotFound),
        new("undrain", "POST", (_, _) => "/v1/cluster/silos/10.9.9.9:1@1/undrain", null, "admin", false, HttpStatusCode.NotFound),
        new("orleans dashboard", "GET", (_, _) => "/orleans/", null, "admin", false, HttpStatusCode.OK),
        new("metrics", "GET", (_, _) => "/metrics", null, "admin", false, HttpStatusCode.OK),
        new("sign in", "POST", (_, _) => "/v1/session", null, "viewer", false, HttpStatusCode.OK,
            Except: who => who == Who.TraderToken ? HttpStatusCode.Unauthorized : null),
    ];

    public static TheoryData<string, Who> Cases()
    {
        var data = new TheoryData<string, Who>();
        foreach (var route in Routes)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(route.Name, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachCallerGetsWhatItsCredentialsAllow(string routeName, Who who)
    {
        var route = Routes.Single(r => r.Name == routeName);
        var suffix = $"{who}-{Guid.NewGuid():N}".ToLowerInvariant();
        using var client = Client(who);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path(fixture, suffix));
        if (route.Body?.Invoke(fixture, suffix) is { } body)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request);

        var expected = Expected(route, who);
        if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            await AuthFixture.AssertProblemAsync(response, expected);
            if (expected == HttpStatusCode.Unauthorized)
            {
                Assert.NotEmpty(response.Headers.WwwAuthenticate);
            }

            if (route.StoredAt?.Invoke(fixture, suffix) is { } storedAt)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync(storedAt)).StatusCode);
            }
        }
        else
        {
            Assert.True(response.StatusCode == expected, $"{route.Name} as {who}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task OnlyAnAdminPurgesARunAndARefusedPurgeKeepsIt()
    {
        using var traderA = Client(Who.TraderOfTheBook);
        var (runId, _) = await RunClient.SubmitAsync(traderA, fixture.Run(AuthFixture.BookA));
        await RunClient.ReadEventsAsync(traderA, runId);

        await AuthFixture.AssertProblemAsync(await traderA.DeleteAsync($"/v1/runs/{runId}?purge=true"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Admin.GetAsync($"/v1/runs/{runId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Admin.DeleteAsync($"/v1/runs/{runId}?purge=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync($"/v1/runs/{runId}")).StatusCode);
    }

    [Fact]
    public async Task MovingATradeTakesEntitlementToTheBookItLeaves()
    {
        using var traderB = Client(Who.TraderOfAnotherBook);

        var moved = await traderB.PutAsJsonAsync($"/v1/trades/{fixture.TradeA}", AuthFixture.Trade(fixture.TradeA, AuthFixture.BookB));

        await AuthFixture.AssertProblemAsync(moved, HttpStatusCode.Forbidden);
        var stored = await fixture.Admin.GetFromJsonAsync<JsonObject>($"/v1/trades/{fixture.TradeA}");
        Assert.Equal(AuthFixture.BookA, (string?)stored!["book"]);
    }

    [Fact]
    public async Task ABulkUploadWithOneTradeOutsideTheCallersBooksStoresNone()
    {
        using var traderA = Client(Who.TraderOfTheBook);
        var id = Guid.NewGuid().ToString("N");

        var response = await traderA.PostAsJsonAsync("/v1/trades", new JsonArray(AuthFixture.Trade($"ok-{id}", AuthFixture.BookA), AuthFixture.Trade($"no-{id}", AuthFixture.BookB)));

        await AuthFixture.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync($"/v1/trades/ok-{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync($"/v1/trades/no-{id}")).StatusCode);
    }

    [Fact]
    public async Task ARunByTradeIdsOverAnotherBooksTradeIsRefusedNamingTheTrade()
    {
        using var traderA = Client(Who.TraderOfTheBook);
        var clientRunId = Guid.NewGuid().ToString("N");
        var run = TradeRun(fixture, clientRunId);
        run["tradeIds"] = new JsonArray(fixture.TradeA, fixture.TradeB);

        var response = await traderA.PostAsJsonAsync("/v1/runs", run);

        await AuthFixture.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("tradeIds[1]", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync($"/v1/runs/{RunIds.For(clientRunId)}")).StatusCode);
    }

    [Fact]
    public async Task ARunCarriesWhoSubmittedItAndItsBooks()
    {
        var byKey = await fixture.Admin.GetFromJsonAsync<JsonObject>($"/v1/runs/{fixture.RunA}");
        Assert.Equal("trader-a", (string?)byKey!["submittedBy"]);
        Assert.Equal(AuthFixture.BookA, (string?)byKey["books"]![0]);

        using var byToken = Client(Who.TraderToken);
        var (runId, status) = await RunClient.SubmitAsync(byToken, fixture.Run(AuthFixture.BookA));
        Assert.Equal("jwt-trader", status.GetProperty("submittedBy").GetString());
        Assert.Equal("jwt-trader", (string?)(await fixture.Admin.GetFromJsonAsync<JsonObject>($"/v1/runs/{runId}"))!["submittedBy"]);
    }

    [Fact]
    public async Task TheRunListShowsABookLimitedCallerOnlyTheRunsOfItsBooks()
    {
        using var traderB = Client(Who.TraderOfAnotherBook);
        var (runB, _) = await RunClient.SubmitAsync(traderB, fixture.Run(AuthFixture.BookB));

        var seenByB = (await traderB.GetFromJsonAsync<JsonArray>("/v1/runs?limit=1000"))!.Select(e => (string?)e!["runId"]).ToList();
        var seenByAdmin = (await fixture.Admin.GetFromJsonAsync<JsonArray>("/v1/runs?limit=1000"))!.Select(e => (string?)e!["runId"]).ToList();

        Assert.Contains(runB, seenByB);
        Assert.DoesNotContain(fixture.RunA, seenByB);
        Assert.Contains(runB, seenByAdmin);
        Assert.Contains(fixture.RunA, seenByAdmin);
    }

    [Fact]
    public async Task ATokenWithBooksAsAJsonArrayIsEntitledToEach()
    {
        using var client = fixture.WithToken(AuthFixture.Token("jwt-viewer", "viewer", $"{AuthFixture.BookB},{AuthFixture.BookA}", booksAsArray: true));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/trades/{fixture.TradeA}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/trades/{fixture.TradeB}")).StatusCode);
    }

    [Fact]
    public async Task AnApiKeyDecidesOverABearerTokenSentWithItValidOrNot()
    {
        // a viewer's key with an admin's token: the key is who calls (a viewer may not price)
        using var viewerKey = fixture.WithToken(AuthFixture.Token("jwt-admin", "admin", "*"));
        viewerKey.DefaultRequestHeaders.Add("X-API-Key", AuthFixture.Keys["viewer-a"].Key);
        await AuthFixture.AssertProblemAsync(await viewerKey.PostAsJsonAsync("/v1/price", XiP.Tests.Requests.Price()), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await viewerKey.GetAsync($"/v1/trades/{fixture.TradeA}")).StatusCode);
        // it may not read the other desk's trade, which the token alone could
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerKey.GetAsync($"/v1/trades/{fixture.TradeB}")).StatusCode);

        // an unknown key is refused even beside a valid token
        using var badKey = fixture.WithToken(AuthFixture.Token("jwt-admin", "admin", "*"));
        badKey.DefaultRequestHeaders.Add("X-API-Key", "not-a-key-of-anyone");
        await AuthFixture.AssertProblemAsync(await badKey.GetAsync($"/v1/trades/{fixture.TradeA}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ANonJsonBodyIsRefused415AfterAuthorisationAndBefore400()
    {
        using var viewer = Client(Who.Viewer);
        using var form = new StringContent("a=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        await AuthFixture.AssertProblemAsync(await viewer.PutAsync("/v1/market-data/form", form), HttpStatusCode.Forbidden);

        using var formAgain = new StringContent("a=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        await AuthFixture.AssertProblemAsync(await fixture.Admin.PutAsync("/v1/market-data/form", formAgain), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Admin.GetAsync("/v1/market-data/form")).StatusCode);
    }

    private static JsonObject TradeRun(AuthFixture f, string clientRunId)
    {
        var run = f.Run(AuthFixture.BookA, clientRunId);
        run.Remove("book");
        run["tradeIds"] = new JsonArray(f.TradeA);
        return run;
    }

    private static HttpStatusCode Expected(Route route, Who who)
    {
        if (who is Who.Anonymous or Who.BadKey or Who.ExpiredToken or Who.WronglySignedToken or Who.WrongAudienceToken)
        {
            return HttpStatusCode.Unauthorized;
        }

        if (route.Except?.Invoke(who) is { } exception)
        {
            return exception;
        }

        var rank = who switch
        {
            Who.Viewer => 0,
            Who.Admin => 2,
            _ => 1,
        };
        var need = route.Need switch
        {
            "viewer" => 0,
            "trader" => 1,
            _ => 2,
        };
        if (rank < need || (route.AboutBookA && who == Who.TraderOfAnotherBook))
        {
            return HttpStatusCode.Forbidden;
        }

        return route.Success;
    }

    private HttpClient Client(Who who) => who switch
    {
        Who.Anonymous => fixture.WithKey(null),
        Who.BadKey => fixture.WithKey("not-a-key"),
        Who.ExpiredToken => fixture.WithToken(AuthFixture.Token("jwt-trader", "trader", AuthFixture.BookA, expires: DateTime.UtcNow.AddMinutes(-10))),
        Who.WronglySignedToken => fixture.WithToken(AuthFixture.Token("jwt-trader", "trader", AuthFixture.BookA, key: [.. AuthFixture.SigningKey.Reverse()])),
        Who.WrongAudienceToken => fixture.WithToken(AuthFixture.Token("jwt-trader", "trader", AuthFixture.BookA, audience: "another-api")),
        Who.Viewer => fixture.WithKey(AuthFixture.Keys["viewer-a"].Key),
        Who.TraderOfAnotherBook => fixture.WithKey(AuthFixture.Keys["trader-b"].Key),
        Who.TraderOfTheBook => fixture.WithKey(AuthFixture.Keys["trader-a"].Key),
        Who.TraderToken => fixture.WithToken(AuthFixture.Token("jwt-trader", "trader", AuthFixture.BookA)),
        Who.Admin => fixture.WithKey(TestKeys.Admin),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };
}
