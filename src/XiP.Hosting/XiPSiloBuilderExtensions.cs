using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using Orleans.Storage;
using XiP.Abstractions;
using XiP.Grains.Runs;
using XiP.Hosting;

namespace Orleans.Hosting;

/// <summary>Composes a XiP silo from configuration: clustering, grain state and streams.</summary>
public static class XiPSiloBuilderExtensions
{
    /// <summary>Configures the silo from the <c>XiP</c> section of <paramref name="configuration"/>.</summary>
    /// <exception cref="XiPConfigurationException">A key has a value no provider answers to.</exception>
    public static ISiloBuilder UseXiP(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = ReadOptions(configuration);
        silo.Services.TryAddSingleton(TimeProvider.System);

        switch (options.Clustering)
        {
            case ClusteringProviders.Localhost:
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                break;
            default:
                throw new XiPConfigurationException("XiP:Clustering", $"'{options.Clustering}' is not a clustering provider; use '{ClusteringProviders.Localhost}'.");
        }

        switch (options.GrainStorage)
        {
            case GrainStorageProviders.Sqlite:
                Directory.CreateDirectory(options.DataDirectory);
                foreach (var name in new[] { ProviderNames.GrainState, ProviderNames.PubSubStore })
                {
                    silo.AddSqliteGrainStorage(name, o => o.Configure<Serializer>((storage, serializer) =>
                    {
                        storage.DataSource = options.SqliteDatabasePath;
                        // Orleans' own binary format follows the [Id]/[Alias] contract of the state types,
                        // so stored state survives renames and added fields.
                        storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                    }));
                }

                break;
            case GrainStorageProviders.Memory:
                silo.AddMemoryGrainStorage(ProviderNames.GrainState);
                silo.AddMemoryGrainStorage(ProviderNames.PubSubStore);
                break;
            default:
                throw new XiPConfigurationException("XiP:GrainStorage", $"'{options.GrainStorage}' is not a grain storage provider; use '{GrainStorageProviders.Sqlite}' or '{GrainStorageProviders.Memory}'.");
        }

        silo.AddMemoryStreams(ProviderNames.Streams);

        // grain calls carry the caller's trace, so one trace follows a run from the request into its batches
        silo.AddActivityPropagation();

        // risk runs: limits, the per-silo market cache, the result store
        silo.Services.AddOptions<RunOptions>().Bind(configuration.GetSection(RunOptions.SectionName));
        silo.Services.TryAddSingleton<RunMarketCache>();
        silo.Services.TryAddSingleton<IBatchFaultInjector, NoBatchFaults>();
        Directory.CreateDirectory(options.DataDirectory);
        silo.Services.AddSqliteResultStore(o => o.DataSource = options.SqliteResultsPath);
        return silo;
    }

    /// <summary>Binds and checks the <c>XiP</c> section.</summary>
    public static XiPOptions ReadOptions(IConfiguration configuration)
    {
        var options = new XiPOptions();
        configuration.GetSection(XiPOptions.SectionName).Bind(options);
        options.Clustering = options.Clustering.Trim().ToLowerInvariant();
        options.GrainStorage = options.GrainStorage.Trim().ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new XiPConfigurationException("XiP:DataDirectory", "must name a directory.");
        }

        if (options.SiloPort is <= 0 or > 65535)
        {
            throw new XiPConfigurationException("XiP:SiloPort", $"{options.SiloPort} is not a TCP port.");
        }

        if (options.GatewayPort is <= 0 or > 65535)
        {
            throw new XiPConfigurationException("XiP:GatewayPort", $"{options.GatewayPort} is not a TCP port.");
        }

        return options;
    }
}
