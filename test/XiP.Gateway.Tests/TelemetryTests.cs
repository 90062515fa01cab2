using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using XiP.Telemetry;

namespace XiP.Gateway.Tests;

/// <summary>The platform's traces and metrics, caught by in-memory exporters added beside the real pipeline.</summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private const int Trades = 130;

    private readonly ExportedItems<Activity> _spans = new();
    private readonly ExportedItems<Metric> _metrics = new();
    private GatewayFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: builder =>
        {
            // one trade's valuations per batch: the run is many batches
            builder.UseSetting("XiP:Runs:ValuationsPerBatch", "1");
            builder.UseSetting("XiP:Telemetry:Tracing", "true");
            builder.ConfigureTestServices(services => services.AddOpenTelemetry()
                .WithTracing(t => t.AddInMemoryExporter(_spans))
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

    [Fact]
    public async Task ARunsSpansFromTheRequestToTheStoreShareOneTraceAndItsMetricsMove()
    {
        var (runId, batches) = await RunToEndAsync();

        _factory.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var spans = _spans.Snapshot();

        // Listeners are process-wide: spans of other tests' gateways running alongside are caught too, so
        // everything is picked by this run's id or this run's trace.
        var status = await _client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");
        var runs = spans.Where(s => s.OperationName == XiPTelemetry.RunSpan && Equals(s.GetTagItem("xip.run.id"), runId)).ToList();
        Assert.Equal(1 + status.GetProperty("resumes").GetInt32(), runs.Count);
        var trace = runs[0].TraceId;
        Assert.All(runs, r => Assert.Equal(trace, r.TraceId));
        Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore" && s.DisplayName.TrimEnd('/') == "POST /v1/runs" && s.TraceId == trace);
        var runIds = runs.Select(r => r.SpanId).ToHashSet();
        var batchSpans = spans.Where(s => s.OperationName == XiPTelemetry.BatchSpan && Equals(s.GetTagItem("xip.run.id"), runId)).ToList();
        Assert.True(batchSpans.Count >= batches, $"{batchSpans.Count} batch spans for {batches} batches");
        Assert.All(batchSpans, b => Assert.Contains(b.ParentSpanId, runIds));
        Assert.All(batchSpans, b => Assert.Equal(trace, b.TraceId));

        // the grain calls (Orleans' spans) and the compute grains' store writes are in the same trace, under the batches
        var batchIds = batchSpans.Select(b => b.SpanId).ToHashSet();
        var computeCalls = spans.Where(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && batchIds.Contains(s.ParentSpanId)).ToList();
        Assert.NotEmpty(computeCalls);
        var writes = spans.Where(s => s.OperationName == XiPTelemetry.StoreWriteSpan && s.TraceId == trace).ToList();
        Assert.True(writes.Count >= batches, $"{writes.Count} store writes for {batches} batches");
        Assert.Contains(spans, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.Kind == ActivityKind.Server && s.TraceId == trace);

        _factory.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Assert.True(Sum("xip.valuations") >= status.GetProperty("done").GetInt64());
        Assert.True(HistogramCount("xip.batch.duration") >= batches);
        Assert.True(HistogramCount("xip.store.write.duration") >= batches);
        Assert.True(Sum("xip.runs", ("status", "completed")) >= 1);

        var scrape = await _client.GetStringAsync("/metrics");
        Assert.Contains("xip_valuations_total", scrape, StringComparison.Ordinal);
        Assert.Contains("xip_batch_duration_seconds_bucket", scrape, StringComparison.Ordinal);
    }

    private async Task<(string RunId, int Batches)> RunToEndAsync()
    {
        var book = "book-" + Guid.NewGuid().ToString("N");
        var trades = new JsonArray();
        for (var i = 0; i < Trades; i++)
        {
            var trade = Requests.European();
            trade["id"] = $"{book}-t{i:D4}";
            trade["book"] = book;
            trade["strike"] = 100.0 + i;
            trades.Add(trade);
        }

        await RunClient.StoreTradesAsync(_client, trades);
        var marketDataId = await RunClient.StoreMarketDataAsync(_client, Requests.MarketData());
        var (runId, _) = await RunClient.SubmitAsync(_client, new JsonObject
        {
            ["book"] = book,
            ["marketDataId"] = marketDataId,
            ["measures"] = new JsonArray("pv", "delta"),
        });
        var events = await RunClient.ReadEventsAsync(_client, runId);
        Assert.Equal("completed", events[^1].Event);
        var status = await _client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");
        return (runId, status.GetProperty("shape").GetProperty("batches").GetInt32());
    }

    private long Sum(string name, (string Key, string Value)? tag = null)
    {
        long total = 0;
        foreach (var point in Points(name))
        {
            if (tag is { } t && !HasTag(point, t.Key, t.Value))
            {
                continue;
            }

            total += point.GetSumLong();
        }

        return total;
    }

    private long HistogramCount(string name) => Points(name).Sum(p => p.GetHistogramCount());

    // cumulative temporality: the last export of an instrument holds its totals
    private List<MetricPoint> Points(string name)
    {
        var metric = _metrics.Snapshot().LastOrDefault(m => m.Name == name);
        var points = new List<MetricPoint>();
        if (metric is not null)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static bool HasTag(MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value, value))
            {
                return true;
            }
        }

        return false;
    }
}
