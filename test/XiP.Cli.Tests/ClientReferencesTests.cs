using XiP.Client;

namespace XiP.Cli.Tests;

/// <summary>The REST client speaks the contract (XiP.Contracts) and links nothing of Orleans or the grains' messages.</summary>
public sealed class ClientReferencesTests
{
    [Fact]
    public void The_client_links_the_contract_and_no_orleans()
    {
        var linked = typeof(XiPClient).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("XiP.Contracts", linked);
        Assert.DoesNotContain(linked, name => name.StartsWith("Orleans", StringComparison.Ordinal) || name == "XiP.Abstractions");
    }
}
