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

    [Theory]
    [InlineData(null, true)]
    [InlineData(1, true)]
    [InlineData(3650, true)]
    [InlineData(0, false)]
    [InlineData(-7, false)]
    public void Retention_is_off_or_a_positive_number_of_days(int? days, bool valid)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["XiP:Runs:RetentionDays"] = days?.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Build();
        var options = configuration.GetSection(RunOptions.SectionName).Get<RunOptions>() ?? new RunOptions();

        var result = new RunOptionsValidator().Validate(null, options);

        Assert.Equal(days, options.RetentionDays);
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("XiP:Runs:RetentionDays must be a positive number of days", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_defaults_are_valid_and_each_bad_setting_is_named()
    {
        var bad = new RunOptions { ValuationsPerBatch = 0, RetentionDays = 0, RetentionInterval = TimeSpan.Zero };

        var failures = new RunOptionsValidator().Validate(null, bad).Failures!.ToList();

        Assert.True(new RunOptionsValidator().Validate(null, new RunOptions()).Succeeded);
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("XiP:Runs:ValuationsPerBatch", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("XiP:Runs:RetentionDays", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("XiP:Runs:RetentionInterval", StringComparison.Ordinal));
    }
}
