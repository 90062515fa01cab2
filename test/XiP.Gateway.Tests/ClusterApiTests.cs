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
        Assert.Equal("active", silo.GetProperty("status").GetString());
        Assert.Equal(["control", "compute"], silo.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(Environment.ProcessorCount, silo.GetProperty("cores").GetInt32());
        Assert.False(silo.GetProperty("drained").GetBoolean());
        Assert.Empty(cluster.GetProperty("missingRoles").EnumerateArray());
        Assert.InRange(silo.GetProperty("cpuUsage").GetDouble(), 0, 100);
        Assert.True(silo.GetProperty("memoryUsage").GetInt64() > 0);
        var activations = silo.GetProperty("activations").EnumerateObject().ToList();
        Assert.All(activations, g => Assert.True(g.Value.GetInt32() >= 1));
        Assert.Contains(activations, g => g.Name.Contains("MarketDataGrain", StringComparison.Ordinal));
        Assert.Contains(activations, g => g.Name.Contains("PricingGrain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Draining_an_unknown_silo_is_not_found()
    {
        using var response = await fixture.Client.PostAsync("/v1/cluster/silos/127.0.0.1:1@1/drain", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
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
