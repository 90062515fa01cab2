using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace XiP.Gateway.Tests;

/// <summary>
/// <c>XiP:Management:Urls</c>: a listener of its own serving <c>/metrics</c>, <c>/health</c> and <c>/alive</c> and
/// nothing else, told apart from the API by the port a request arrives on; on real sockets, since the in-memory test
/// server has no ports.
/// </summary>
public sealed class ManagementListenerTests
{
    [Fact]
    public async Task The_gateways_management_port_serves_metrics_and_health_and_none_of_the_api()
    {
        var managementPort = LoopbackPorts.Reserve();
        await using var factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: builder =>
        {
            builder.UseSetting("XiP:Management:Urls", $"http://127.0.0.1:{managementPort}");

            // the API's public name: requests naming another host are refused there, never on the management port
            builder.UseSetting("AllowedHosts", "xip.example;127.0.0.1");
        });
        try
        {
            factory.UseKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, 0);
                kestrel.Listen(IPAddress.Loopback, managementPort);
            });
            factory.StartServer();
            var api = new Uri(factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
                .Single(a => new Uri(a).Port != managementPort));
            using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
            using var client = new HttpClient { BaseAddress = api };

            var metrics = await management.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.Contains("# TYPE", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/alive")).StatusCode);

            // the dashboard, the API and the Orleans Dashboard are the API listener's alone
            foreach (var path in new[] { "/", "/index.html", "/v1/runs", "/orleans", "/openapi/v1.json" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync(path)).StatusCode);
                Assert.NotEqual(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await SendAsHostAsync(client, "/health", "elsewhere.example")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsHostAsync(management, "/metrics", "10.1.2.3:9090")).StatusCode);
        }
        finally
        {
            Directory.Delete(factory.DataDirectory, recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> SendAsHostAsync(HttpClient client, string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_management_urls_are_bound_beside_the_hosts_own_urls()
    {
        var (apiPort, managementPort) = (LoopbackPorts.Reserve(), LoopbackPorts.Reserve());
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["urls"] = $"http://127.0.0.1:{apiPort}";
        builder.Configuration["XiP:Management:Urls"] = $"http://127.0.0.1:{managementPort}";
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/v1/hello", () => "hello");
        await app.StartAsync();
        using var http = new HttpClient();

        Assert.Equal("hello", await http.GetStringAsync($"http://127.0.0.1:{apiPort}/v1/hello"));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{managementPort}/v1/hello")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{managementPort}/metrics")).StatusCode);

        // a Host header naming the management port does not make an API request a management one
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{apiPort}/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{managementPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed)).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public void A_management_port_the_api_listens_on_too_is_refused()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["urls"] = "http://127.0.0.1:5099";
        builder.Configuration["XiP:Management:Urls"] = "http://0.0.0.0:5099";

        var exception = Assert.Throws<InvalidOperationException>(() => builder.AddServiceDefaults());

        Assert.Contains("XiP:Management:Urls", exception.Message, StringComparison.Ordinal);
    }
}
