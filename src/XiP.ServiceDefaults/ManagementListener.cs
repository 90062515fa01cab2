using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace XiP.ServiceDefaults;

/// <summary>
/// The operators' listener (<c>XiP:Management:Urls</c>, e.g. <c>http://0.0.0.0:9090</c>): <c>/metrics</c>,
/// <c>/health</c> and <c>/alive</c> to anyone who reaches it, and nothing else. Requests are told apart by the
/// local port their connection arrived on, not by their Host header, which a caller writes: a scrape of the API
/// port that claims the management port's host is still an API request. Its requests never enter the API's
/// pipeline (authentication, CORS, static files), so nothing configured there can take them away.
/// </summary>
public static class ManagementListener
{
    /// <summary>The configuration key of the listener's URLs (semicolon- or comma-separated).</summary>
    public const string UrlsKey = "XiP:Management:Urls";

    private const string DefaultUrl = "http://localhost:5000";

    /// <summary>
    /// When <c>XiP:Management:Urls</c> is set, adds its URLs to the host's own (<c>urls</c>, or what
    /// <c>http_ports</c>/<c>https_ports</c> or Kestrel's default would have bound) and serves them apart.
    /// </summary>
    /// <exception cref="InvalidOperationException">A URL has no fixed port, or a port the API listens on.</exception>
    public static void AddTo(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var urls = Split(builder.Configuration[UrlsKey]);
        if (urls.Length == 0)
        {
            return;
        }

        var api = ApiUrls(builder.Configuration);
        var ports = urls.Select(url => Port(url, UrlsKey)).ToHashSet();
        if (api.Select(url => Port(url, "urls")).FirstOrDefault(ports.Contains) is var shared and > 0)
        {
            throw new InvalidOperationException($"Configuration key '{UrlsKey}': port {shared} is also an API port; the management listener needs a port of its own.");
        }

        // the addresses Kestrel binds: the API's and the management listener's together
        builder.Configuration["urls"] = string.Join(';', api.Concat(urls));
        // first of the startup filters, so outermost: ahead of host filtering (AllowedHosts names the API's public
        // host, while scrapers and probes reach this port by the pod's or machine's address)
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IStartupFilter>(new Filter(ports)));
    }

    private static string[] ApiUrls(IConfiguration configuration)
    {
        var urls = Split(configuration["urls"]);
        if (urls.Length > 0)
        {
            return urls;
        }

        // urls, once set, wins over http_ports and https_ports: carry them over (the container images set ASPNETCORE_HTTP_PORTS)
        var ports = Split(configuration["http_ports"]).Select(p => $"http://*:{p}")
            .Concat(Split(configuration["https_ports"]).Select(p => $"https://*:{p}"))
            .ToArray();
        return ports.Length > 0 ? ports : [DefaultUrl];
    }

    private static string[] Split(string? value) =>
        value?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static int Port(string url, string key)
    {
        // Kestrel's wildcard hosts are not URI hosts
        var uri = Uri.TryCreate(url.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"Configuration key '{key}': '{url}' is not a URL.");
        return uri.Port > 0
            ? uri.Port
            : throw new InvalidOperationException($"Configuration key '{key}': '{url}' needs a fixed port; requests are told apart by the port they arrive on.");
    }

    private sealed class Filter(HashSet<int> ports) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.MapWhen(context => ports.Contains(context.Connection.LocalPort), management =>
            {
                management.UseOpenTelemetryPrometheusScrapingEndpoint(ServiceDefaultsExtensions.MetricsPath);
                management.UseHealthChecks(ServiceDefaultsExtensions.HealthPath);
                management.UseHealthChecks(ServiceDefaultsExtensions.AlivePath, new HealthCheckOptions { Predicate = ServiceDefaultsExtensions.IsLivenessCheck });
                management.Run(context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            });
            next(app);
        };
    }
}
