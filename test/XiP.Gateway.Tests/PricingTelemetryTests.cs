using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace XiP.Gateway.Tests;

/// <summary>
/// <c>POST /v1/price</c> with tracing on: the request's span and the pricing's span under it in one trace (embedded
/// mode prices in process, without a grain call), and the request counted in the HTTP metrics, on the fast path and on
/// the full reader's.
/// </summary>
public sealed class PricingTelemetryTests : IAsyncLifetime
{
    private readonly ExportedItems<Activity> _spans = new();
    private readonly ExportedItems<Metric> _metrics = new();
    private readonly ServerSpans _served = new();
    private GatewayFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: builder =>
        {
            builder.UseSetting("XiP:Telemetry:Tracing", "true");
            builder.ConfigureTestServices(services => services.AddOpenTelemetry()
                .WithTracing(t => t.AddInMemoryExporter(_spans).AddProcessor(_served))
                .WithMetrics(m => m.AddInMemoryExporter(_metrics)));
        });
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        Directory.Delete(_factory.DataDirectory, recursive: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APriceRequestAndItsPricingShareOneTrace(bool plain)
    {
        var body = Requests.Price(Requests.European());
        if (!plain)
        {
            // a member name in other letter case: valid, but read by the full reader
            body["Measures"] = body["measures"]!.DeepClone();
            body.Remove("measures");
        }

        var traceParent = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/price") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("traceparent", $"00-{traceParent}-{ActivitySpanId.CreateRandom()}-01");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // the request's server span ends after the response has gone out: the client can read the answer first
        await _served.WaitAsync(traceParent);

        _factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var spans = _spans.Snapshot().Where(s => s.TraceId == traceParent).ToArray();

        var served = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal("POST /v1/price", served.DisplayName.TrimEnd('/'));
        // embedded mode prices in process: the pricing span hangs straight under the request, with no grain call between
        var pricing = Assert.Single(spans, s => s.Source.Name == "XiP" && s.DisplayName == "xip.price");
        Assert.Equal(served.SpanId, pricing.ParentSpanId);
        Assert.Equal(1, pricing.GetTagItem("xip.trades"));
        Assert.DoesNotContain(spans, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("Price", StringComparison.Ordinal));

        _factory.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Assert.Contains(_metrics.Snapshot(), m => m.Name == "http.server.request.duration");
    }

    /// <summary>Signals each ended server span by trace; added after the exporter, so a signalled span has been exported.</summary>
    private sealed class ServerSpans : BaseProcessor<Activity>
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ActivityTraceId, TaskCompletionSource> _ended = new();

        public Task WaitAsync(ActivityTraceId trace) => Of(trace).Task.WaitAsync(TimeSpan.FromSeconds(30));

        public override void OnEnd(Activity data)
        {
            if (data.Kind == ActivityKind.Server && data.Source.Name == "Microsoft.AspNetCore")
            {
                Of(data.TraceId).TrySetResult();
            }
        }

        private TaskCompletionSource Of(ActivityTraceId trace) => _ended.GetOrAdd(trace, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
