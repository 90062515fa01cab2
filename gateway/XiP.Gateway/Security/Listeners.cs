using System.Net;

namespace XiP.Gateway.Security;

/// <summary>The addresses the gateway will listen on, read from configuration before it starts, and whether all are loopback.</summary>
public static class Listeners
{
    /// <summary>The URLs configured for listening (<c>urls</c>, <c>http_ports</c>/<c>https_ports</c>, Kestrel endpoints, the management listener).</summary>
    public static List<string> Configured(IConfiguration configuration, string defaultUrl)
    {
        var urls = new List<string>();
        urls.AddRange(Split(configuration["urls"]));
        // ports alone bind every interface
        urls.AddRange(Split(configuration["http_ports"]).Select(p => $"http://*:{p}"));
        urls.AddRange(Split(configuration["https_ports"]).Select(p => $"https://*:{p}"));
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        var anyApi = urls.Count > 0;
        urls.AddRange(Split(configuration["XiP:Management:Urls"]));
        if (!anyApi)
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

    private static string[] Split(string? list) => (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
