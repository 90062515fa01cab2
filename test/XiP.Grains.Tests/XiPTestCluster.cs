using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace XiP.Grains.Tests;

/// <summary>
/// Two in-process silos composed by the production <c>UseXiP</c> from in-memory configuration. The test
/// cluster's membership, grain directory, transport, cluster id and service id are applied after
/// <c>UseXiP</c> and replace its localhost clustering; the storage and stream providers are XiP's own.
/// </summary>
internal static class XiPTestCluster
{
    public const short SiloCount = 2;

    /// <param name="settings">Keys of the <c>XiP</c> section, e.g. <c>XiP:GrainStorage</c>.</param>
    /// <param name="clock">Registered before <c>UseXiP</c>, whose <c>TryAddSingleton(TimeProvider.System)</c> then leaves it.</param>
    /// <param name="serviceId">Fixed when two clusters must share stored state; random otherwise.</param>
    public static InProcessTestCluster Create(IReadOnlyDictionary<string, string?> settings, TimeProvider clock, string? serviceId = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.Options.ConfigureFileLogging = false;
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(clock);
            silo.UseXiP(configuration);
        });
        return builder.Build();
    }
}
