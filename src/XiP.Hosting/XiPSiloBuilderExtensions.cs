using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using XiP.Abstractions;
using XiP.Grains.Pricing;
using XiP.Grains.Runs;
using XiP.Hosting;
using XiP.Results.Sqlite;
using XiP.Telemetry;
using XiP.Trades;

namespace Orleans.Hosting;

/// <summary>Composes a XiP silo from configuration: clustering, grain state, streams and the result store.</summary>
public static class XiPSiloBuilderExtensions
{
    private const int SingleSiloStreamQueues = 2;

    /// <summary>Configures the silo from the <c>XiP</c> section and connection strings of <paramref name="configuration"/>.</summary>
    /// <exception cref="XiPConfigurationException">A key is missing or has a value no provider answers to.</exception>
    public static ISiloBuilder UseXiP(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = XiPConfiguration.Read(configuration);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.AddIncomingGrainCallFilter<StorageFailureFilter>();
        silo.UseXiPPlacement(configuration);

        switch (options.Clustering)
        {
            case ClusteringProviders.Localhost:
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                break;
            case ClusteringProviders.Postgres:
                UsePostgresMembership(silo, options, configuration);
                var address = options.AdvertisedIPAddress ?? IPAddress.Loopback;

                // An advertised address is one other machines reach, so listen on every interface; loopback stays loopback.
                silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
                break;
            case ClusteringProviders.Kubernetes:
                UsePostgresMembership(silo, options, configuration);
                silo.Configure<EndpointOptions>(endpoints =>
                {
                    endpoints.SiloPort = options.SiloPort;
                    endpoints.GatewayPort = options.GatewayPort;

                    // Left unset, Kubernetes hosting advertises POD_IP.
                    if (options.AdvertisedIPAddress is { } advertised)
                    {
                        endpoints.AdvertisedIPAddress = advertised;
                    }
                });

                // Silo name from POD_NAME, address from POD_IP, and silos whose pods are gone declared dead.
                silo.UseKubernetesHosting();
                break;
        }

        // with XiP:Tls set, silo-to-silo and client connections are TLS with a certificate on both ends, and only
        // peers whose certificate the cluster's authority issued are let in
        if (ClusterCertificates.Load(options.Tls, DateTimeOffset.UtcNow) is { } certificates)
        {
            silo.UseTls(certificates.Certificate, certificates.Configure);
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
            case GrainStorageProviders.Postgres:
                foreach (var name in new[] { ProviderNames.GrainState, ProviderNames.PubSubStore })
                {
                    silo.AddAdoNetGrainStorage(name, o => o.Configure<Serializer>((storage, serializer) =>
                    {
                        storage.Invariant = PostgresSettings.AdoNetInvariant;
                        storage.ConnectionString = options.OrleansPostgresConnectionString;
                        storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);

                        // Cleared state (stream subscriptions that end, for one) leaves no row behind.
                        storage.DeleteStateOnClear = true;
                    }));
                }

                break;
        }

        foreach (var name in new[] { ProviderNames.GrainState, ProviderNames.PubSubStore })
        {
            StorageFailureTranslation.Wrap(silo.Services, name);
        }

        // trades: columnar segments in one store per cluster, next to the grain state
        switch (options.GrainStorage)
        {
            case GrainStorageProviders.Sqlite:
                silo.Services.TryAddSingleton<ITradeStore>(_ => new SqliteTradeStore(options.SqliteTradesPath, options.ServiceId));
                break;
            case GrainStorageProviders.Memory:
                // silos of one service in this process share it, as they share memory grain state
                silo.Services.TryAddSingleton<ITradeStore>(sp => MemoryTradeStore.For(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value.ServiceId));
                break;
            case GrainStorageProviders.Postgres:
                silo.Services.TryAddSingleton<ITradeStore>(_ => new PostgresTradeStore(options.PostgresConnectionString!, options.ServiceId, options.Postgres.StoreConnections));
                break;
        }

        silo.Services.AddHostedService(_ => new LegacyTradeState(options));
        silo.Services.AddHostedService(sp => new TradeStoreInitializer(sp.GetRequiredService<ITradeStore>()));
        // a quiet queue is looked at every few milliseconds, not the default 100 ms: live updates and run progress
        // reach their subscribers within that, and an idle look is one local call
        silo.AddMemoryStreams(ProviderNames.Streams, streams =>
        {
            streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(5)));
            // each queue is looked at on its own timer: a silo alone (localhost clustering) has no queues to spread over
            // others, and two rather than the default eight spare it 1,200 idle looks a second
            if (options.Clustering == ClusteringProviders.Localhost)
            {
                streams.ConfigurePartitioning(SingleSiloStreamQueues);
            }
        });

        // grain calls carry the caller's trace, so one trace follows a run from the request into its batches;
        // a host that makes no spans has no trace to carry, and its grain calls skip the two filters
        if (XiPTelemetry.IsTracingEnabled(configuration))
        {
            silo.AddActivityPropagation();
        }

        // synchronous pricing: the per-silo cache of calibrated markets, and the pricing of requests on them that the
        // pricing grain runs (and a co-hosted gateway calls directly on a compute silo: PlacementComposition)
        silo.Services.TryAddSingleton<CalibratedMarketCache>();
        silo.Services.TryAddSingleton<RequestPricing>();

        // risk runs: limits, the per-silo market cache, the result store
        silo.Services.AddOptions<RunOptions>().Bind(configuration.GetSection(RunOptions.SectionName));
        silo.Services.TryAddSingleton<RunMarketCache>();
        silo.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RunOptions>, RunOptionsValidator>();
        silo.Services.AddOptions<RunOptions>().ValidateOnStart();
        if (configuration.GetValue<TimeSpan?>("XiP:Testing:BatchDelay") is { } batchDelay)
        {
            silo.Services.TryAddSingleton<IBatchFaultInjector>(new DelayedBatches(batchDelay));
        }

        silo.Services.TryAddSingleton<IBatchFaultInjector, NoBatchFaults>();
        silo.Services.AddHostedService<RunWatchdog>();
        silo.Services.AddSingleton<RunRetention>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<RunRetention>());
        switch (options.Results)
        {
            case ResultStoreProviders.Files:
                // results of the SQLite store of earlier versions are refused at start-up, never left unread silently
                silo.Services.AddFileResultStore(options.ResultsDirectory);
                silo.Services.AddHostedService(_ => new LegacySqliteResults(options.SqliteResultsPath));
                break;
            case ResultStoreProviders.Sqlite:
                Directory.CreateDirectory(options.DataDirectory);
                silo.Services.AddSqliteResultStore(o => o.DataSource = options.SqliteResultsPath);
                break;
            case ResultStoreProviders.Postgres:
                silo.Services.AddPostgresResultStore(o =>
                {
                    o.ConnectionString = options.PostgresConnectionString;
                    o.MaxConnections = options.Postgres.StoreConnections;
                });
                break;
            case ResultStoreProviders.Mongo:
                silo.Services.AddMongoResultStore(o =>
                {
                    o.ConnectionString = options.MongoConnectionString!;
                    o.DatabaseName = options.Mongo.Database;
                });
                break;
        }

        return silo;
    }

    /// <summary>Membership tuning (<c>ProbeTimeout</c>, <c>NumMissedProbesLimit</c>, …): how soon a silo that stopped answering is declared dead.</summary>
    public const string MembershipSection = "XiP:Membership";

    private static void UsePostgresMembership(ISiloBuilder silo, XiPOptions options, IConfiguration configuration)
    {
        silo.Services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection(MembershipSection));

        // When a silo dies, the classic directory loses the entries it held, and a call can then activate a second
        // copy of a grain whose activation lives on elsewhere (a run computing twice, both writing its state).
        // The distributed directory recovers those entries from the surviving silos' activations instead.
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10; the silo-loss tests (test/XiP.Cluster.Tests) cover what XiP needs of it
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        silo.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = PostgresSettings.AdoNetInvariant;
            clustering.ConnectionString = options.OrleansPostgresConnectionString;
        });
    }
}
