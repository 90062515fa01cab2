using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>Live markets: one version per accepted change, patches merged as the contract says, a bad patch refused whole.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LiveMarketsApiTests(GatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task PutCreatesVersionOneThenEachPutAndPatchIsTheNextVersion()
    {
        var name = LiveClient.NewName("lm");

        using var created = await Client.PutAsJsonAsync($"/v1/live-markets/{name}", LiveClient.Market());
        using var replaced = await Client.PutAsJsonAsync($"/v1/live-markets/{name}", LiveClient.Market());
        var patched = await LiveClient.PatchAsync(Client, name, new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 129.1 } } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/live-markets/{name}", created.Headers.Location?.OriginalString);
        Assert.Equal(1, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(2, (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
        Assert.Equal(3, patched);
        Assert.Equal(3, (await LiveClient.GetAsync(Client, $"/v1/live-markets/{name}")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task APatchReplacesAGivenCurveWholeAndOnlyTheGivenFieldsOfAnEquityAndMayAddBoth()
    {
        var name = LiveClient.NewName("lm");
        await LiveClient.PutMarketAsync(Client, name, LiveClient.Market());

        await LiveClient.PatchAsync(Client, name, new JsonObject
        {
            ["equities"] = new JsonObject
            {
                ["ACME"] = new JsonObject { ["spot"] = 129.1 },
                ["GAMMA"] = new JsonObject { ["spot"] = 10.0, ["volatility"] = 0.2 },
            },
            ["curves"] = new JsonObject
            {
                ["USD-SOFR"] = new JsonObject { ["flatRate"] = 0.051 },
                ["GBP-SONIA"] = new JsonObject { ["flatRate"] = 0.045 },
            },
        });
        var market = (await LiveClient.GetAsync(Client, $"/v1/live-markets/{name}")).GetProperty("marketData");

        var acme = market.GetProperty("equities").GetProperty("ACME");
        Assert.Equal(129.1, acme.GetProperty("spot").GetDouble());
        Assert.Equal(0.0416, acme.GetProperty("dividendYield").GetDouble());
        Assert.Equal(0.1523, acme.GetProperty("volatility").GetDouble());
        Assert.Equal(0.0, market.GetProperty("equities").GetProperty("GAMMA").GetProperty("dividendYield").GetDouble());
        Assert.Equal("""{"flatRate":0.051}""", market.GetProperty("curves").GetProperty("USD-SOFR").GetRawText());
        Assert.Equal(0.045, market.GetProperty("curves").GetProperty("GBP-SONIA").GetProperty("flatRate").GetDouble());
        Assert.True(market.GetProperty("curves").TryGetProperty("EUR-ESTR", out _));
        Assert.Equal("2024-01-15", market.GetProperty("valuationDate").GetString());
    }

    public static TheoryData<string, string> BadPatches() => new()
    {
        { """{"equities":{"ACME":{"spot":-1}}}""", "equities.ACME.spot" },
        { """{"equities":{"ACME":{"spot":"high"}}}""", "equities.ACME.spot" },
        { """{"equities":{"ACME":{"volatility":0.2,"colour":"red"}}}""", "equities.ACME.colour" },
        { """{"equities":{"NEWCO":{"volatility":0.2}}}""", "equities.NEWCO.spot" },
        { """{"curves":{"USD-SOFR":{"flatRate":0.05,"pillars":[]}}}""", "curves.USD-SOFR" },
        { """{"curves":{"USD-SOFR":{"interpolation":"linear-zero","pillars":[{"date":"2020-01-01","zeroRate":0.03}]}}}""", "curves.USD-SOFR.pillars[0].date" },
        { """{"valuationDate":"2024-02-01"}""", "valuationDate" },
        { """{"equities":{"ACME":{"spot":130}},"prices":{}}""", "prices" },
    };

    [Theory]
    [MemberData(nameof(BadPatches))]
    public async Task ABadPatchIs400NamingTheFieldAndChangesNothing(string patch, string field)
    {
        var name = LiveClient.NewName("lm");
        await LiveClient.PutMarketAsync(Client, name, LiveClient.Market());
        var before = (await LiveClient.GetAsync(Client, $"/v1/live-markets/{name}")).GetRawText();

        using var response = await Client.PatchAsync($"/v1/live-markets/{name}", new StringContent(patch, System.Text.Encoding.UTF8, "application/json"));
        var after = (await LiveClient.GetAsync(Client, $"/v1/live-markets/{name}")).GetRawText();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected an error on {field}: {errors}");
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task PatchingOrReadingAnUnknownLiveMarketIsNotFound()
    {
        var name = LiveClient.NewName("lm");

        using var patch = await Client.PatchAsJsonAsync($"/v1/live-markets/{name}", new JsonObject());
        using var get = await Client.GetAsync($"/v1/live-markets/{name}");

        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }
}
