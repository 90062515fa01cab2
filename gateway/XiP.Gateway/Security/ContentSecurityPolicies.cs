using Microsoft.AspNetCore.Http;

namespace XiP.Gateway.Security;

/// <summary>
/// The Content-Security-Policy of each part of the gateway's site. Everything is served from the gateway itself,
/// so every policy allows only 'self' (and data: images, the dashboard's empty favicon); none may be framed.
/// </summary>
public static class ContentSecurityPolicies
{
    private const string Common = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'; img-src 'self' data:";

    /// <summary>The dashboard (wwwroot) and every API answer: no inline script or style at all.</summary>
    public const string Default = Common + "; script-src 'self'; style-src 'self'; font-src 'self'";

    /// <summary>
    /// The Orleans Dashboard (<c>/orleans</c>): its bundle is a same-origin script, but its page and its React and
    /// chart components set style attributes, and its icon font may be inlined as data: URLs.
    /// </summary>
    public const string OrleansDashboard = Common + "; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:";

    /// <summary>The API reference (<c>/scalar</c>): its page configures itself with an inline module script and styles.</summary>
    public const string ApiReference = Common + "; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; font-src 'self' data:";

    /// <summary>The policy for a request to <paramref name="path"/>.</summary>
    public static string For(PathString path) =>
        path.StartsWithSegments("/orleans") ? OrleansDashboard
        : path.StartsWithSegments("/scalar") ? ApiReference
        : Default;
}
