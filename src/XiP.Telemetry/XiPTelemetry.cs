using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;

namespace XiP.Telemetry;

/// <summary>
/// XiP's own spans and instruments. Hosts subscribe to <see cref="Name"/> for both; the Prometheus names
/// follow from the instrument names (<c>xip.batch.duration</c> in seconds is <c>xip_batch_duration_seconds</c>).
/// </summary>
public static class XiPTelemetry
{
    public const string Name = "XiP";

    /// <summary>Where OTLP telemetry goes; when set, every host makes and exports spans.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Makes spans without an OTLP endpoint (an in-process exporter, a test).</summary>
    public const string TracingSetting = "XiP:Telemetry:Tracing";

    /// <summary>Keeps the ASP.NET Core instruments of <see cref="DetailedHttpInstruments"/>, which are not kept by default.</summary>
    public const string DetailedHttpMetricsSetting = "XiP:Telemetry:DetailedHttpMetrics";

    /// <summary>
    /// ASP.NET Core instruments recorded several times per request that no dashboard or alert of ours reads: memory-pool
    /// rents, authentication time (never recorded for a valid API key, which the gateway checks itself), route
    /// matches, rate-limiter leases. Together they cost about 4% of a <c>POST /v1/price</c>; requests, their duration
    /// and status, connections, refused authorisations and rate-limited requests stay.
    /// </summary>
    public static readonly IReadOnlyList<string> DetailedHttpInstruments =
    [
        "aspnetcore.memory_pool.*",
        "aspnetcore.authentication.*",
        "aspnetcore.routing.match_attempts",
        "aspnetcore.rate_limiting.request_lease.duration",
        "aspnetcore.rate_limiting.active_request_leases",
    ];

    /// <summary>Span names: a run from its start to its end, one attempt of a batch, one result-store write, one synchronous pricing.</summary>
    public const string RunSpan = "xip.run";
    public const string BatchSpan = "xip.batch";
    public const string StoreWriteSpan = "xip.store.write";
    public const string PriceSpan = "xip.price";

    // seconds, from a small batch on one core to a batch that hits the default timeout
    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Valuations written to the result store (trade × measure × market), by the silo that computed them.</summary>
    public static readonly Counter<long> Valuations = Meter.CreateCounter<long>("xip.valuations", "{valuation}", "Valuations computed and stored.");

    public static readonly UpDownCounter<long> BatchesInFlight = Meter.CreateUpDownCounter<long>("xip.batches.in_flight", "{batch}", "Batches dispatched and not yet finished.");

    /// <summary>From dispatch to result, as the run sees it; tagged <c>outcome</c> = ok | failed.</summary>
    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram(
        "xip.batch.duration", "s", "Batch latency from dispatch to result.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>Runs entering a status (submitted, completed, failed, cancelled); tagged <c>status</c>.</summary>
    public static readonly Counter<long> Runs = Meter.CreateCounter<long>("xip.runs", "{run}", "Runs by the status they entered.");

    public static readonly Counter<long> BatchesDispatched = Meter.CreateCounter<long>("xip.batches.dispatched", "{batch}", "Batches sent, by the silo they were sent to (\"any\" where Orleans placed them).");

    public static readonly Counter<long> BatchesCompleted = Meter.CreateCounter<long>("xip.batches.completed", "{batch}", "Batches merged into their run, by the silo that computed them.");

    public static readonly Counter<long> MarketBuilds = Meter.CreateCounter<long>("xip.markets.lookups", "{lookup}", "A run's markets asked of a silo's cache: outcome hit (already built there) or built.");

    public static readonly Counter<long> GrainCalls = Meter.CreateCounter<long>("xip.grain_calls", "{call}", "Grain calls received from grains, by whether the caller was on the same silo (local) or another (remote).");

    public static readonly Counter<long> BatchRetries = Meter.CreateCounter<long>("xip.batch.retries", "{batch}", "Batch attempts that failed or timed out and were retried.");

    public static readonly Histogram<double> StoreWriteDuration = Meter.CreateHistogram(
        "xip.store.write.duration", "s", "Result-store write latency per batch.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>
    /// Whether this host makes spans: only when they have somewhere to go (<see cref="OtlpEndpointSetting"/>)
    /// or are asked for (<see cref="TracingSetting"/>). Spans, and carrying their context across grain calls,
    /// cost on every request and every grain call; a host that makes none does neither.
    /// </summary>
    public static bool IsTracingEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]) || (bool.TryParse(configuration[TracingSetting], out var tracing) && tracing);

    /// <summary>Tag helpers, so every site spells the tags alike.</summary>
    public static KeyValuePair<string, object?> Status(string status) => new("status", status);

    public static KeyValuePair<string, object?> Silo(string silo) => new("silo", silo);

    public static KeyValuePair<string, object?> Outcome(bool ok) => new("outcome", ok ? "ok" : "failed");
}
