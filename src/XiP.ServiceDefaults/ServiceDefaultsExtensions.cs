using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using XiP.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every XiP host has: health checks, traces, metrics and structured logs.</summary>
public static class ServiceDefaultsExtensions
{
    private const string LiveTag = "live";
    private const string MetricsPath = "/metrics";

    /// <summary>Adds the health checks and the OpenTelemetry pipeline every host exposes.</summary>
    /// <remarks>
    /// Traces: ASP.NET Core requests, every Orleans activity source (grain calls carry the trace across
    /// silos once a host adds activity propagation) and XiP's own run, batch and store-write spans.
    /// Metrics: the <c>Microsoft.Orleans</c> meter, ASP.NET Core, the .NET runtime and XiP's meter, scraped
    /// at <c>/metrics</c>. Everything is also exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set;
    /// spans are made only then, or when <c>XiP:Telemetry:Tracing</c> is true.
    /// Logs carry the trace and span ids of the work they belong to.
    /// </remarks>
    public const string PollyCategory = "Polly";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // Orleans places grains through a Polly pipeline that logs two lines per placement at Information: noise to an
        // operator, so Warning unless the configuration asks for more
        if (builder.Configuration[$"Logging:LogLevel:{PollyCategory}"] is null)
        {
            builder.Logging.AddFilter(PollyCategory, LogLevel.Warning);
        }

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[XiPTelemetry.OtlpEndpointSetting]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddMeter(XiPTelemetry.Name, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        // Spans cost on every grain call; with nowhere to send them (no OTLP endpoint) they are not made,
        // unless XiP:Telemetry:Tracing asks for them (an in-process exporter, a test).
        if (XiPTelemetry.IsTracingEnabled(builder.Configuration))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(XiPTelemetry.Name, ActivitySources.AllActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path)));
        }

        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Maps <c>/health</c> (every check: ready to serve), <c>/alive</c> (the process answers) and <c>/metrics</c> (Prometheus).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    // probes and scrapes every few seconds would drown the traces people look for
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments(MetricsPath);
}
