using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace XiP.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ClusterApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task TheEmbeddedSiloIsListedWithItsLoadAndTheGrainsAPriceCallActivated()
    {
        var marketDataId = "md-" + Guid.NewGuid().ToString("N");
        (await fixture.Client.PutAsJsonAsync($"/v1/market-data/{marketDataId}", Requests.MarketData())).EnsureSuccessStatusCode();
        (await fixture.Client.PostAsync("/v1/price", Requests.Price())).EnsureSuccessStatusCode();

        var cluster = await fixture.Client.GetFromJsonAsync<JsonElement>("/v1/cluster");

        var silo = Assert.Single(cluster.GetProperty("silos").EnumerateArray());
        var address = silo.GetProperty("address").GetString();
        Assert.Equal("active", silo.GetProperty("status").GetString());
        Assert.True(silo.GetProperty("activations").GetInt32() >= 1);
        Assert.InRange(silo.GetProperty("cpuUsage").GetDouble(), 0, 100);
        Assert.True(silo.GetProperty("memoryUsage").GetInt64() > 0);
        var grainTypes = cluster.GetProperty("grainTypes").EnumerateArray().ToList();
        Assert.All(grainTypes, g => Assert.Equal(address, g.GetProperty("silo").GetString()));
        Assert.All(grainTypes, g => Assert.True(g.GetProperty("activations").GetInt32() >= 1));
        Assert.Contains(grainTypes, g => g.GetProperty("type").GetString()!.Contains("MarketDataGrain", StringComparison.Ordinal));
        Assert.Contains(grainTypes, g => g.GetProperty("type").GetString()!.Contains("PricingGrain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheClusterEndpoint()
    {
        var document = JsonDocument.Parse(await fixture.Client.GetStringAsync("/openapi/v1.json")).RootElement;

        var get = document.GetProperty("paths").GetProperty("/v1/cluster").GetProperty("get");
        Assert.Equal("GetCluster", get.GetProperty("operationId").GetString());
        Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/orleans", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheDashboardPageAndTheOrleansDashboardAreServed()
    {
        var page = await fixture.Client.GetAsync("/");
        var script = await fixture.Client.GetAsync("/js/app.js");
        var orleans = await fixture.Client.GetAsync("/orleans/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("js/app.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, orleans.StatusCode);
        Assert.Contains("Orleans Dashboard", await orleans.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
