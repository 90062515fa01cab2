using System.Net;

namespace XiP.Gateway.Tests;

/// <summary><c>XiP:Cors:Origins</c>: the origins named may read the API from their pages; no other origin may.</summary>
public sealed class CrossOriginTests : IAsyncLifetime
{
    private const string Allowed = "https://risk.example";
    private readonly GatewayFactory _factory = new(GatewayFactory.NewDataDirectory(), configure: builder =>
        builder.UseSetting("XiP:Cors:Origins", $"{Allowed}, https://other.example:8443"));

    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        Directory.Delete(_factory.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_configured_origin_may_read_and_preflight_and_another_may_not()
    {
        using var allowed = await SendAsync(HttpMethod.Get, Allowed);
        using var refused = await SendAsync(HttpMethod.Get, "https://elsewhere.example");
        using var preflight = await SendAsync(HttpMethod.Options, Allowed, ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type,x-api-key"));

        Assert.Equal(Allowed, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("Location", string.Join(',', allowed.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.Ordinal);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Allowed, Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", string.Join(',', preflight.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public void A_wildcard_origin_is_refused_at_start()
    {
        using var factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: builder => builder.UseSetting("XiP:Cors:Origins", "*"));

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("XiP:Cors:Origins", exception.ToString(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string origin, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, "/v1/runs");
        request.Headers.Add("Origin", origin);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await _client.SendAsync(request);
    }
}
