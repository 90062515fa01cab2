using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace XiP.Gateway.Tests;

/// <summary>Information-level logs are what an operator needs: the placement pipeline's two lines per placement are not.</summary>
public sealed class ServiceDefaultsLoggingTests
{
    [Fact]
    public void Placement_retries_log_from_warning_when_everything_else_logs_information()
    {
        using var host = Build(new() { ["Logging:LogLevel:Default"] = "Information" });
        var logs = host.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(logs.CreateLogger(ServiceDefaultsExtensions.PollyCategory).IsEnabled(LogLevel.Information));
        Assert.True(logs.CreateLogger(ServiceDefaultsExtensions.PollyCategory).IsEnabled(LogLevel.Warning));
        Assert.True(logs.CreateLogger("XiP.Grains.Runs").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void The_configuration_can_still_ask_for_them()
    {
        using var host = Build(new() { ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Polly"] = "Information" });

        Assert.True(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(ServiceDefaultsExtensions.PollyCategory).IsEnabled(LogLevel.Information));
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.AddServiceDefaults();
        return builder.Build();
    }
}
