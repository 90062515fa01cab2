using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace XiP.Gateway.Security;

/// <summary>
/// Cross-origin requests (CORS) are refused unless <c>XiP:Cors:Origins</c> names the origins allowed
/// (comma-separated, e.g. <c>https://risk.example.com</c>); without it no CORS header is ever sent, and a browser
/// keeps pages of other sites from reading the API's answers.
/// </summary>
public static class CrossOrigin
{
    public const string OriginsKey = "XiP:Cors:Origins";

    /// <summary>The configured origins; empty when cross-origin requests are refused.</summary>
    public static string[] Origins(IConfiguration configuration) =>
        configuration[OriginsKey]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>Adds the CORS policy when origins are configured.</summary>
    /// <exception cref="InvalidOperationException">An origin is not an absolute http(s) origin, or is <c>*</c>.</exception>
    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        var origins = Origins(configuration);
        if (origins.Length == 0)
        {
            return;
        }

        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                throw new InvalidOperationException($"Configuration key '{OriginsKey}': '{origin}' is not an origin (scheme://host[:port], no path; '*' is not allowed).");
            }
        }

        // API keys travel in a header, not a cookie: credentials (cookies) are not offered across origins
        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .WithMethods("GET", "POST", "PUT", "DELETE")
            .AllowAnyHeader()
            .WithExposedHeaders("Location", "Retry-After", "WWW-Authenticate")));
    }

    /// <summary>Answers preflights and adds CORS headers, when origins are configured; otherwise adds nothing.</summary>
    public static void UseIn(WebApplication app)
    {
        if (Origins(app.Configuration).Length > 0)
        {
            app.UseCors();
        }
    }
}
