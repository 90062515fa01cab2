using System.Reflection;

namespace XiP.Gateway.Tests;

/// <summary>
/// The gateway is compiled as an Orleans client: embedded mode loads the silo's composition by name, so in cluster
/// mode none of the silo's assemblies is loaded (the cluster tests check the running process too).
/// </summary>
public sealed class GatewayReferencesTests
{
    private static readonly string[] SiloOnly =
    [
        "XiP.Hosting", "XiP.Grains", "XiP.Pricing", "XiP.Numerics", "XiP.Trades", "XiP.Results", "XiP.Results.Sqlite",
        "XiP.Results.Postgres", "XiP.Results.Mongo", "XiP.Persistence.Sqlite", "Orleans.Persistence.AdoNet", "Microsoft.Data.Sqlite",
        "MongoDB.Driver",
    ];

    [Fact]
    public void The_gateway_is_compiled_against_no_silo_assembly()
    {
        var linked = References(typeof(Program).Assembly);
        Assert.Contains("XiP.Contracts", linked);
        Assert.Contains("XiP.Abstractions", linked);
        Assert.Empty(linked.Intersect(SiloOnly));
    }

    private static HashSet<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToHashSet(StringComparer.Ordinal);
}
