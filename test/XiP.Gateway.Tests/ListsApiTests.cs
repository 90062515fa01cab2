using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>The lists (REST contract, "Lists"): paging by limit and cursor, newest first, books filtered by entitlement.</summary>
[Collection(AuthCollection.Name)]
public sealed class ListsApiTests(AuthFixture fixture)
{
    [Fact]
    public async Task BooksPageByNameWithTheirTradeCounts()
    {
        var trades = new JsonArray(
            AuthFixture.Trade("lst-1", "lst-book-1"), AuthFixture.Trade("lst-2", "lst-book-2"), AuthFixture.Trade("lst-3", "lst-book-2"), AuthFixture.Trade("lst-4", "lst-book-3"));
        (await fixture.Admin.PostAsJsonAsync("/v1/trades", trades)).EnsureSuccessStatusCode();

        var (books, pages) = await WalkAsync(fixture.Admin, "/v1/books", limit: 1);

        var ours = books.Where(b => ((string)b["book"]!).StartsWith("lst-book-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["lst-book-1", "lst-book-2", "lst-book-3"], ours.Select(b => (string)b["book"]!));
        Assert.Equal([1, 2, 1], ours.Select(b => (int)b["trades"]!));
        Assert.Equal(books.Select(b => (string)b["book"]!).Order(StringComparer.Ordinal), books.Select(b => (string)b["book"]!));
        Assert.Equal(books.Count, pages);
    }

    [Fact]
    public async Task ABookLimitedCallerIsListedOnlyItsBooksAndStillGetsFullPages()
    {
        using var traderB = fixture.WithKey(AuthFixture.Keys["trader-b"].Key);
        using var viewerA = fixture.WithKey(AuthFixture.Keys["viewer-a"].Key);

        var (seenByB, _) = await WalkAsync(traderB, "/v1/books", limit: 1);
        var firstPageOfA = await viewerA.GetFromJsonAsync<JsonObject>("/v1/books?limit=1");

        Assert.Equal([AuthFixture.BookB], seenByB.Select(b => (string)b["book"]!));
        Assert.Equal(AuthFixture.BookA, (string)firstPageOfA!["items"]![0]!["book"]!);
    }

    [Fact]
    public async Task SnapshotsAreListedNewestFirstToEveryCaller()
    {
        foreach (var id in new[] { "lst-md-1", "lst-md-2", "lst-md-3" })
        {
            (await fixture.Admin.PutAsJsonAsync($"/v1/market-data/{id}", Requests.MarketData())).EnsureSuccessStatusCode();
        }

        using var viewer = fixture.WithKey(AuthFixture.Keys["viewer-a"].Key);
        var (items, _) = await WalkAsync(viewer, "/v1/market-data", limit: 2);

        var ours = items.Where(i => ((string)i["snapshotId"]!).StartsWith("lst-md-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["lst-md-3", "lst-md-2", "lst-md-1"], ours.Select(i => (string)i["snapshotId"]!));
        Assert.Equal((string)Requests.MarketData()["valuationDate"]!, (string)ours[0]["valuationDate"]!);
        var times = items.Select(i => DateTimeOffset.Parse((string)i["storedAt"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    [Fact]
    public async Task ScenarioSetsAreListedNewestFirstWithTheirScenarioCounts()
    {
        (await fixture.Admin.PutAsJsonAsync("/v1/scenario-sets/lst-ss-1", AuthFixture.ScenarioSet())).EnsureSuccessStatusCode();
        var generated = AuthFixture.ScenarioSet();
        generated["generate"] = new JsonObject { ["count"] = 5, ["seed"] = 7, ["spotRelativeStdDev"] = 0.01 };
        (await fixture.Admin.PutAsJsonAsync("/v1/scenario-sets/lst-ss-2", generated)).EnsureSuccessStatusCode();

        using var viewer = fixture.WithKey(AuthFixture.Keys["viewer-a"].Key);
        var (items, _) = await WalkAsync(viewer, "/v1/scenario-sets", limit: 1);

        var ours = items.Where(i => ((string)i["id"]!).StartsWith("lst-ss-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["lst-ss-2", "lst-ss-1"], ours.Select(i => (string)i["id"]!));
        Assert.Equal([6, 1], ours.Select(i => (int)i["scenarios"]!));
    }

    [Theory]
    [InlineData("/v1/books?limit=0", "limit")]
    [InlineData("/v1/books?limit=x", "limit")]
    [InlineData("/v1/market-data?limit=10001", "limit")]
    [InlineData("/v1/scenario-sets?limit=-1", "limit")]
    [InlineData("/v1/books?cursor=%25%25", "cursor")]
    [InlineData("/v1/market-data?cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("/v1/scenario-sets?cursor=!", "cursor")]
    public async Task ABadLimitOrCursorIsA400NamingIt(string path, string field)
    {
        await ProblemAssertions.AssertBadRequestAsync(await fixture.Admin.GetAsync(new Uri(path, UriKind.Relative)), exact: true, field);
    }

    /// <summary>Every item of a listing, following nextCursor, and how many pages that took.</summary>
    private static async Task<(List<JsonObject> Items, int Pages)> WalkAsync(HttpClient client, string path, int limit)
    {
        var items = new List<JsonObject>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonObject>($"{path}?limit={limit}" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"));
            var batch = page!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            Assert.True(batch.Count <= limit);
            items.AddRange(batch);
            pages++;
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        return (items, pages);
    }
}
