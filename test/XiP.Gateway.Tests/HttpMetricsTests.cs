using System.Net;
using System.Net.Http.Json;
using XiP.Tests;

namespace XiP.Gateway.Tests;

/// <summary>
/// The ASP.NET Core metrics <c>/metrics</c> serves: requests, their duration, connections (Kestrel's; not under the test
/// server), refused authorisations and rate-limited requests always; the instruments recorded several times per request that nothing of ours reads
/// (memory-pool rents, authentication time, route matches, rate-limiter leases) only when asked for.
/// </summary>
public sealed class HttpMetricsTests
{
    private static readonly string[] Kept = ["http_server_request_duration_seconds", "http_server_active_requests", "aspnetcore_authorization_attempts_total", "aspnetcore_rate_limiting_requests_total"];

    private static readonly string[] Detailed = ["aspnetcore_routing_match_attempts_total", "aspnetcore_authentication_authenticate_duration_seconds", "aspnetcore_rate_limiting_request_lease_duration_seconds"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Metrics_keep_what_operators_read_and_the_per_request_detail_only_when_asked(bool detailed)
    {
        await using var factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: b => b.UseSetting("XiP:Telemetry:DetailedHttpMetrics", detailed ? "true" : "false"));
        try
        {
            using var client = factory.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                using var priced = await client.PostAsJsonAsync("/v1/price", Requests.Price());
                Assert.Equal(HttpStatusCode.OK, priced.StatusCode);
            }

            // a request without a key goes through the framework's authentication (a valid key is answered from the registry)
            using (var anonymous = factory.CreateDefaultClient())
            {
                anonymous.DefaultRequestHeaders.Remove("X-API-Key");
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/runs")).StatusCode);
            }

            var metrics = await client.GetStringAsync("/metrics");
            var names = metrics.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('{', ' ')[0]).ToHashSet();

            Assert.All(Kept, k => Assert.Contains(names, n => n.StartsWith(k, StringComparison.Ordinal)));
            foreach (var name in Detailed)
            {
                Assert.True(detailed == names.Any(n => n.StartsWith(name, StringComparison.Ordinal)), $"{name}: expected {(detailed ? "kept" : "dropped")}");
            }
        }
        finally
        {
            Directory.Delete(factory.DataDirectory, recursive: true);
        }
    }
}
