using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using XiP.ServiceDefaults;
using XiP.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every XiP host has: health checks, traces, metrics and structured logs.</summary>
public static class ServiceDefaultsExtensions
{
    private const string LiveTag = "live";
    internal const string MetricsPath = "/metrics";
    internal const string HealthPath = "/health";
    internal const string AlivePath = "/alive";

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
        ManagementListener.AddTo(builder);

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
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(XiPTelemetry.Name, "Microsoft.Orleans")
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (!builder.Configuration.GetValue<bool>(XiPTelemetry.DetailedHttpMetricsSetting))
                {
                    foreach (var instrument in XiPTelemetry.DetailedHttpInstruments)
                    {
                        metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                    }
                }
            });

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

    /// <summary>
    /// Maps <c>/health</c> (every check: ready to serve) and <c>/alive</c> (the process answers), which anyone may
    /// call. <c>/metrics</c> is <see cref="MapMetrics"/>'s, and the management listener's (<see cref="ManagementListener"/>).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = IsLivenessCheck });
        return app;
    }

    /// <summary>
    /// Maps <c>/metrics</c> (Prometheus) on the host's own listener. The returned builder is where its access is
    /// decided: the gateway's API listener serves it to admins only (<c>.RequireAuthorization(…)</c>), while the
    /// management listener (<c>XiP:Management:Urls</c>) serves it to anyone who can reach that port.
    /// </summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);

    internal static bool IsLivenessCheck(HealthCheckRegistration check) => check.Tags.Contains(LiveTag);

    // probes and scrapes every few seconds would drown the traces people look for
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivePath) || path.StartsWithSegments(MetricsPath);
}
