using Microsoft.AspNetCore.Hosting.Server.Features;
using XiP.Gateway.Security;

namespace XiP.Gateway;

/// <summary>Tells the person who started the platform where to point a client or a browser.</summary>
internal static class StartupBanner
{
    public static void Print(IServerAddressesFeature? addresses, string mode, XiPSecurity.Setup security)
    {
        var root = addresses?.Addresses.FirstOrDefault()?.TrimEnd('/');
        if (root is null)
        {
            return;
        }

        Console.WriteLine(Text(root, mode, security));
    }

    /// <summary>The banner for a gateway at <paramref name="root"/>; the dashboard comes first, as a newcomer's first stop.</summary>
    internal static string Text(string root, string mode, XiPSecurity.Setup security) => $"""

            XiP is running ({mode}).
              Dashboard    {root}/
              API          {root}/v1/price
              OpenAPI      {root}/openapi/v1.json
              API UI       {root}/scalar/v1
              Health       {root}/health
            {Access(root, security)}
            Press Ctrl+C to stop.

            """;

    /// <summary>How to authenticate: the generated admin key's file (never the key itself, which logs would keep), or the mode.</summary>
    internal static string Access(string root, XiPSecurity.Setup security)
    {
        if (security.Mode == AuthModes.None)
        {
            return "  Access       open to every caller (XiP:Auth:Mode=none, loopback only)";
        }

        if (security.AdminKeyPath is not { } path)
        {
            return "  Access       X-API-Key header or bearer token, as configured under XiP:Auth";
        }

        return $"""
              Admin key    {path} (owner-only; made on first start, kept after)
                           curl -H "X-API-Key: $(cat {path})" {root}/v1/runs
                           export XIP_API_KEY=$(cat {path})    # for the xip command line
                           the dashboard ({root}/) asks for it once per browser session
            """;
    }
}
