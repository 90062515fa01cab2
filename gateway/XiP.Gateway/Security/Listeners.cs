using System.Net;

namespace XiP.Gateway.Security;

/// <summary>The addresses the gateway will listen on, read from configuration before it starts, and whether all are loopback.</summary>
public static class Listeners
{
    /// <summary>The URLs the API is configured to listen on (<c>urls</c>, <c>http_ports</c>/<c>https_ports</c>, Kestrel endpoints), without the management listener's.</summary>
    public static List<string> Configured(IConfiguration configuration, string defaultUrl)
    {
        var urls = new List<string>();
        urls.AddRange(Split(configuration["urls"]));
        // ports alone bind every interface
        urls.AddRange(Split(configuration["http_ports"]).Select(p => $"http://*:{p}"));
        urls.AddRange(Split(configuration["https_ports"]).Select(p => $"https://*:{p}"));
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());

        // the management listener (added to urls by the service defaults) serves only metrics and health, to anyone, in every mode
        var management = Split(configuration["XiP:Management:Urls"]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        urls.RemoveAll(management.Contains);
        if (urls.Count == 0)
        {
            urls.Add(defaultUrl);
        }

        return urls;
    }

    public static bool IsLoopback(string url)
    {
        var host = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var end = host.StartsWith('[') ? host.IndexOf(']') + 1 : host.IndexOf(':');
        host = end > 0 ? host[..end] : host.TrimEnd('/');
        host = host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static string[] Split(string? list) => (list ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
