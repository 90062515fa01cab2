using Microsoft.Extensions.Configuration;
using XiP.Contracts;
using XiP.Grains.Runs;

namespace XiP.Grains.Tests;

/// <summary>The run grains' trade limit is the contract's: the same default, read from the setting the gateway reads too.</summary>
public sealed class RunOptionsTests
{
    [Fact]
    public void The_trade_limit_defaults_to_the_contracts_and_binds_from_the_shared_setting()
    {
        Assert.Equal(Limits.MaxTradesPerRun, new RunOptions().MaxTradesPerRun);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Limits.MaxTradesPerRunSetting] = "7" }).Build();
        var options = configuration.GetSection(RunOptions.SectionName).Get<RunOptions>();

        Assert.Equal(7, options?.MaxTradesPerRun);
    }
}
