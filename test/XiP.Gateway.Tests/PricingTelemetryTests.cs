using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace XiP.Gateway.Tests;

/// <summary>
/// <c>POST /v1/price</c> with tracing on: the request's span and the pricing grain call's client and server
/// spans in one trace, and the request counted in the HTTP metrics, on the fast path and on the full reader's.
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
    public async Task APriceRequestAndItsGrainCallShareOneTrace(bool plain)
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

        Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore" && s.DisplayName.TrimEnd('/') == "POST /v1/price");
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("Price", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("Price", StringComparison.Ordinal));

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
