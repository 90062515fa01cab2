using Microsoft.AspNetCore.Hosting.Server.Features;

namespace XiP.Gateway;

/// <summary>Tells the person who started the platform where to point a client or a browser.</summary>
internal static class StartupBanner
{
    public static void Print(IServerAddressesFeature? addresses, string mode)
    {
        var root = addresses?.Addresses.FirstOrDefault()?.TrimEnd('/');
        if (root is null)
        {
            return;
        }

        Console.WriteLine($"""

            XiP is running ({mode}).
              API          {root}/v1/price
              OpenAPI      {root}/openapi/v1.json
              API UI       {root}/scalar/v1
              Health       {root}/health
            Press Ctrl+C to stop.

            """);
    }
}
