using System.Net;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace XiP.Hosting;

/// <summary>Reads and checks the configuration every XiP host starts from.</summary>
public static class XiPConfiguration
{
    private static readonly string[] ClusteringValues = [ClusteringProviders.Localhost, ClusteringProviders.Postgres, ClusteringProviders.Kubernetes];
    private static readonly string[] GrainStorageValues = [GrainStorageProviders.Sqlite, GrainStorageProviders.Memory, GrainStorageProviders.Postgres];
    private static readonly string[] ResultsValues = [ResultStoreProviders.Files, ResultStoreProviders.Sqlite, ResultStoreProviders.Postgres, ResultStoreProviders.Mongo];

    /// <summary>Binds the <c>XiP</c> section and the connection strings its providers need, and checks them.</summary>
    /// <exception cref="XiPConfigurationException">A key is missing or has a value no provider answers to; the message names the key.</exception>
    public static XiPOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new XiPOptions();
        configuration.GetSection(XiPOptions.SectionName).Bind(options);
        options.Clustering = OneOf("XiP:Clustering", options.Clustering, ClusteringValues);
        options.GrainStorage = OneOf("XiP:GrainStorage", options.GrainStorage, GrainStorageValues);
        options.Results = OneOf("XiP:Results", options.Results, ResultsValues);

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

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            throw new XiPConfigurationException("XiP:ClusterId", "must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            throw new XiPConfigurationException("XiP:ServiceId", "must not be empty.");
        }

        if (!string.IsNullOrWhiteSpace(options.AdvertisedAddress) && !IPAddress.TryParse(options.AdvertisedAddress.Trim(), out _))
        {
            throw new XiPConfigurationException("XiP:AdvertisedAddress", $"'{options.AdvertisedAddress}' is not an IP address.");
        }

        options.AdvertisedAddress = string.IsNullOrWhiteSpace(options.AdvertisedAddress) ? null : options.AdvertisedAddress.Trim();
        options.PostgresConnectionString = PostgresConnectionString(configuration, options);
        if (options.Postgres.StoreConnections is < 1 or > 100)
        {
            throw new XiPConfigurationException("XiP:Postgres:StoreConnections", $"must be between 1 and 100; was {options.Postgres.StoreConnections}.");
        }

        if (options.Postgres.OrleansConnections is < 1 or > 100)
        {
            throw new XiPConfigurationException("XiP:Postgres:OrleansConnections", $"must be between 1 and 100; was {options.Postgres.OrleansConnections}.");
        }

        if (options.PostgresConnectionString is { } postgres)
        {
            // Npgsql pools by connection string: Orleans' providers share one pool, bounded here
            var builder = new NpgsqlConnectionStringBuilder(postgres);
            builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, options.Postgres.OrleansConnections);
            builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
            options.OrleansPostgresConnectionString = builder.ConnectionString;
        }
        options.MongoConnectionString = MongoConnectionString(configuration, options);
        return options;
    }

    /// <summary>The MongoDB URL when the result store is <c>mongo</c>; null otherwise.</summary>
    private static string? MongoConnectionString(IConfiguration configuration, XiPOptions options)
    {
        if (options.Results != ResultStoreProviders.Mongo)
        {
            return null;
        }

        const string Key = "ConnectionStrings:" + XiPOptions.MongoConnectionStringName;
        var url = configuration.GetConnectionString(XiPOptions.MongoConnectionStringName);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new XiPConfigurationException(Key, "is required because XiP:Results is 'mongo': set it (environment ConnectionStrings__Mongo) to a MongoDB URL, mongodb://host:27017.");
        }

        if (!url.StartsWith("mongodb://", StringComparison.Ordinal) && !url.StartsWith("mongodb+srv://", StringComparison.Ordinal))
        {
            throw new XiPConfigurationException(Key, "is not a MongoDB URL (mongodb://… or mongodb+srv://…).");
        }

        if (string.IsNullOrWhiteSpace(options.Mongo.Database))
        {
            throw new XiPConfigurationException("XiP:Mongo:Database", "must not be empty.");
        }

        return url;
    }

    private static string OneOf(string key, string? value, string[] allowed)
    {
        var normalized = value?.Trim().ToLowerInvariant() ?? string.Empty;
        return allowed.Contains(normalized)
            ? normalized
            : throw new XiPConfigurationException(key, $"'{value}' is not a provider; use one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}.");
    }

    /// <summary>The connection string when a provider uses PostgreSQL; null otherwise.</summary>
    private static string? PostgresConnectionString(IConfiguration configuration, XiPOptions options)
    {
        var users = new List<string>();
        if (options.Clustering is ClusteringProviders.Postgres or ClusteringProviders.Kubernetes)
        {
            users.Add($"XiP:Clustering is '{options.Clustering}'");
        }

        if (options.GrainStorage == GrainStorageProviders.Postgres)
        {
            users.Add("XiP:GrainStorage is 'postgres'");
        }

        if (options.Results == ResultStoreProviders.Postgres)
        {
            users.Add("XiP:Results is 'postgres'");
        }

        if (users.Count == 0)
        {
            return null;
        }

        const string Key = "ConnectionStrings:" + XiPOptions.PostgresConnectionStringName;
        var connectionString = configuration.GetConnectionString(XiPOptions.PostgresConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new XiPConfigurationException(
                Key,
                $"is required because {string.Join(" and ", users)}: set it (environment ConnectionStrings__Postgres) to an Npgsql connection string, Host=…;Port=…;Database=…;Username=…;Password=….");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new XiPConfigurationException(Key, $"is not an Npgsql connection string: {exception.Message}");
        }

        return connectionString;
    }
}
