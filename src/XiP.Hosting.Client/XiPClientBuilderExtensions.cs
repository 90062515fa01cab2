using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using XiP.Abstractions;
using XiP.Hosting;
using XiP.Telemetry;

namespace Orleans.Hosting;

/// <summary>Connects an Orleans client (a gateway outside the cluster) to the XiP cluster its configuration names.</summary>
public static class XiPClientBuilderExtensions
{
    /// <summary>
    /// Finds the cluster's gateways as its silos register them: in PostgreSQL for <c>postgres</c> and
    /// <c>kubernetes</c> clustering, on loopback at <c>XiP:GatewayPort</c> for <c>localhost</c>.
    /// </summary>
    /// <exception cref="XiPConfigurationException">A key is missing or has a value no provider answers to.</exception>
    public static IClientBuilder UseXiP(this IClientBuilder client, IConfiguration configuration)
    {
        var options = XiPConfiguration.Read(configuration);
        switch (options.Clustering)
        {
            case ClusteringProviders.Localhost:
                client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                break;
            case ClusteringProviders.Postgres:
            case ClusteringProviders.Kubernetes:
                client.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
                client.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = PostgresSettings.AdoNetInvariant;
                    clustering.ConnectionString = options.OrleansPostgresConnectionString;
                });
                break;
        }

        // with XiP:Tls set, the gateway's connections to the silos are TLS both ways, and a silo must prove it is a member
        if (ClusterCertificates.Load(options.Tls, DateTimeOffset.UtcNow) is { } certificates)
        {
            client.UseTls(certificates.Certificate, certificates.Configure);
        }

        // run progress reaches the gateway's event streams over the silos' stream provider: a client needs its own
        // side of it, or every GET /v1/runs/{id}/events through a cluster gateway fails
        client.AddMemoryStreams(ProviderNames.Streams);

        // the gateway's requests carry their trace into the silos (when it makes spans at all)
        if (XiPTelemetry.IsTracingEnabled(configuration))
        {
            client.AddActivityPropagation();
        }

        // a gateway may start before any silo is up (compose, Kubernetes): keep trying for a while instead of exiting
        var deadline = DateTimeOffset.UtcNow + ConnectRetryWindow;
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(ConnectRetryDelay, cancellationToken);
            return true;
        });
        return client;
    }

    private static readonly TimeSpan ConnectRetryWindow = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromSeconds(1);
}
