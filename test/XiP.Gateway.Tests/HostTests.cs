using System.Net;
using System.Text.Json;

namespace XiP.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class HostTests(GatewayFixture fixture)
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesThePricingEndpoints()
    {
        var document = JsonDocument.Parse(await fixture.Client.GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/price", paths);
        Assert.Contains("/v1/curves/calibrate", paths);
        Assert.Contains("/v1/market-data/{snapshotId}", paths);
    }

    [Fact]
    public async Task HealthAndLivenessAnswer()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task TheApiReferenceUiIsServed()
    {
        var response = await fixture.Client.GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
