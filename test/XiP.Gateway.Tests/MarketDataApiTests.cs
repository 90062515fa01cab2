using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class MarketDataApiTests(GatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task StoringASnapshotCreatesItAndTheSameBodyAgainChangesNothing()
    {
        var id = NewId();

        var created = await Client.PutAsJsonAsync($"/v1/market-data/{id}", Requests.MarketData());
        var again = await Client.PutAsJsonAsync($"/v1/market-data/{id}", Requests.MarketData());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/market-data/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var first = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var second = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(first.GetProperty("storedAt").GetString(), second.GetProperty("storedAt").GetString());
    }

    [Fact]
    public async Task AChangedBodyUnderAStoredIdIsAConflictAndTheStoredSnapshotStays()
    {
        var id = NewId();
        await Client.PutAsJsonAsync($"/v1/market-data/{id}", Requests.MarketData());
        var changed = Requests.MarketData();
        changed["equities"]!["ACME"]!["spot"] = 130.0;

        var conflict = await Client.PutAsJsonAsync($"/v1/market-data/{id}", changed);
        var stored = await Client.GetFromJsonAsync<JsonElement>($"/v1/market-data/{id}");

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        Assert.Equal(128.24, stored.GetProperty("marketData").GetProperty("equities").GetProperty("ACME").GetProperty("spot").GetDouble());
    }

    [Fact]
    public async Task AnUnknownSnapshotIsNotFound()
    {
        var response = await Client.GetAsync($"/v1/market-data/{NewId()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnInvalidSnapshotIsRejectedAndNothingIsStored()
    {
        var id = NewId();
        var body = Requests.MarketData();
        body["curves"]!["USD-FLAT"]!["flatRate"] = "five percent";

        var response = await Client.PutAsJsonAsync($"/v1/market-data/{id}", body);
        var after = await Client.GetAsync($"/v1/market-data/{id}");

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "curves.USD-FLAT.flatRate");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task ASnapshotWithACurveThatCannotBeBootstrappedIsRejectedAndNothingIsStored()
    {
        var id = NewId();
        var body = Requests.MarketData();
        body["curves"]!["EUR-ESTR"]!["instruments"]!.AsArray().Add(new JsonObject { ["type"] = "deposit", ["tenor"] = "2Y", ["rate"] = -0.9 });

        var response = await Client.PutAsJsonAsync($"/v1/market-data/{id}", body);
        var after = await Client.GetAsync($"/v1/market-data/{id}");

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "curves.EUR-ESTR");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task AnIdWithCharactersThatCannotBeAKeyIsABadRequest()
    {
        var response = await Client.PutAsJsonAsync("/v1/market-data/snap%20shot", Requests.MarketData());

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "snapshotId");
    }

    [Fact]
    public async Task PricingOnAStoredSnapshotGivesTheSameNumbersAsInline()
    {
        var id = NewId();
        await Client.PutAsJsonAsync($"/v1/market-data/{id}", Requests.MarketData());
        var inline = Requests.Price();
        var stored = Requests.Price();
        stored.Remove("marketData");
        stored["marketDataId"] = id;

        var inlineText = await (await Client.PostAsJsonAsync("/v1/price", inline)).Content.ReadAsStringAsync();
        var storedText = await (await Client.PostAsJsonAsync("/v1/price", stored)).Content.ReadAsStringAsync();

        Assert.Contains("\"results\"", inlineText);
        Assert.Equal(inlineText, storedText);
    }

    [Fact]
    public async Task PricingOnASnapshotThatIsNotStoredNamesTheField()
    {
        var body = Requests.Price();
        body.Remove("marketData");
        body["marketDataId"] = NewId();

        var response = await Client.PostAsJsonAsync("/v1/price", body);

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "marketDataId");
    }

    private static string NewId() => "snap-" + Guid.NewGuid().ToString("N");
}
