using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>Who may change live markets (traders) and who may create and read subscriptions (callers entitled to the book).</summary>
[Collection(AuthCollection.Name)]
public sealed class LivePricingAuthTests(AuthFixture fixture)
{
    [Fact]
    public async Task AViewerMayReadALiveMarketButNotPutOrPatchIt()
    {
        var name = LiveClient.NewName("auth-lm");
        await LiveClient.PutMarketAsync(fixture.Admin, name, LiveClient.Market());
        using var viewer = fixture.WithKey(AuthFixture.Keys["viewer-a"].Key);

        using var put = await viewer.PutAsJsonAsync($"/v1/live-markets/{name}", LiveClient.Market());
        using var patch = await viewer.PatchAsJsonAsync($"/v1/live-markets/{name}", new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 1.0 } } });
        var read = await LiveClient.GetAsync(viewer, $"/v1/live-markets/{name}");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        Assert.Equal("application/problem+json", patch.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task OnlyCallersEntitledToTheBookCreateOrReadItsSubscriptionAndAViewerOnlyReads()
    {
        var name = LiveClient.NewName("auth-lm");
        await LiveClient.PutMarketAsync(fixture.Admin, name, LiveClient.Market());
        using var traderA = fixture.WithKey(AuthFixture.Keys["trader-a"].Key);
        using var traderB = fixture.WithKey(AuthFixture.Keys["trader-b"].Key);
        using var viewerA = fixture.WithKey(AuthFixture.Keys["viewer-a"].Key);
        var body = new JsonObject { ["book"] = AuthFixture.BookA, ["liveMarket"] = name, ["measures"] = new JsonArray("pv") };

        using var byOtherBook = await traderB.PostAsJsonAsync("/v1/subscriptions", body);
        using var byViewer = await viewerA.PostAsJsonAsync("/v1/subscriptions", body);
        var subscription = await LiveClient.SubscribeAsync(traderA, AuthFixture.BookA, name);
        using var readByOtherBook = await traderB.GetAsync($"/v1/subscriptions/{subscription}");
        using var eventsByOtherBook = await traderB.GetAsync($"/v1/subscriptions/{subscription}/events");
        using var deleteByOtherBook = await traderB.DeleteAsync($"/v1/subscriptions/{subscription}");
        var readByViewer = await LiveClient.GetAsync(viewerA, $"/v1/subscriptions/{subscription}");

        Assert.Equal(HttpStatusCode.Forbidden, byOtherBook.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readByOtherBook.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, eventsByOtherBook.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deleteByOtherBook.StatusCode);
        Assert.Contains(fixture.TradeA, readByViewer.GetProperty("trades").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()));
        Assert.Equal(JsonValueKind.Number, readByViewer.GetProperty("totals").GetProperty("pv").ValueKind);
    }
}
