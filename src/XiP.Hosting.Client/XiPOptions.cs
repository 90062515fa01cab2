using System.Net;

namespace XiP.Hosting;

/// <summary>The platform's configuration section <c>XiP</c>, shared by every host.</summary>
public sealed class XiPOptions
{
    public const string SectionName = "XiP";

    /// <summary>The connection string name of PostgreSQL: configuration key <c>ConnectionStrings:Postgres</c>.</summary>
    public const string PostgresConnectionStringName = "Postgres";

    /// <summary>Where embedded mode keeps its SQLite file (<c>XiP:DataDirectory</c>, default <c>./data</c>).</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Cluster membership provider (<c>XiP:Clustering</c>): <c>localhost</c>, <c>postgres</c> or <c>kubernetes</c>.</summary>
    public string Clustering { get; set; } = ClusteringProviders.Localhost;

    /// <summary>Grain state provider (<c>XiP:GrainStorage</c>): <c>sqlite</c>, <c>memory</c> or <c>postgres</c>.</summary>
    public string GrainStorage { get; set; } = GrainStorageProviders.Sqlite;

    /// <summary>Run result store (<c>XiP:Results</c>): <c>files</c> (embedded default), <c>sqlite</c>, <c>postgres</c> or <c>mongo</c>.</summary>
    public string Results { get; set; } = ResultStoreProviders.Files;

    /// <summary>Orleans cluster id (<c>XiP:ClusterId</c>).</summary>
    public string ClusterId { get; set; } = "xip";

    /// <summary>Orleans service id (<c>XiP:ServiceId</c>); stored grain state is scoped by it.</summary>
    public string ServiceId { get; set; } = "xip";

    /// <summary>Silo-to-silo port (<c>XiP:SiloPort</c>).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port of the silo (<c>XiP:GatewayPort</c>).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The IP address a clustered silo advertises to the others (<c>XiP:AdvertisedAddress</c>). When set, the
    /// silo listens on every interface; when not, it advertises and listens on loopback, or, under
    /// Kubernetes, advertises the pod IP.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>The PostgreSQL connection string (<c>ConnectionStrings:Postgres</c>), read when a provider needs it.</summary>
    public string? PostgresConnectionString { get; internal set; }

    /// <summary>
    /// <see cref="PostgresConnectionString"/> as Orleans' own providers (membership, grain state) use it: its pool
    /// capped at <see cref="PostgresSettings.OrleansConnections"/> unless the connection string sets a smaller one.
    /// </summary>
    public string? OrleansPostgresConnectionString { get; internal set; }

    /// <summary>The name of the MongoDB connection string (<c>ConnectionStrings:Mongo</c>).</summary>
    public const string MongoConnectionStringName = "Mongo";

    /// <summary>The MongoDB URL, read and checked when the result store is <c>mongo</c>.</summary>
    public string? MongoConnectionString { get; internal set; }

    /// <summary>How many PostgreSQL connections each of XiP's own stores opens at most (<c>XiP:Postgres</c>).</summary>
    public PostgresSettings Postgres { get; set; } = new();

    /// <summary>TLS on the cluster's connections (<c>XiP:Tls</c>); plain TCP when unset.</summary>
    public TlsSettings Tls { get; set; } = new();

    /// <summary>The MongoDB result store's settings (<c>XiP:Mongo</c>).</summary>
    public MongoSettings Mongo { get; set; } = new();

    /// <summary>The parsed <see cref="AdvertisedAddress"/>, or null.</summary>
    public IPAddress? AdvertisedIPAddress => AdvertisedAddress is { Length: > 0 } address ? IPAddress.Parse(address) : null;

    /// <summary>The SQLite database file of embedded mode.</summary>
    public string SqliteDatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, "xip.db"));

    /// <summary>The SQLite file of run results when <c>XiP:Results</c> is <c>sqlite</c> (apart from grain state, so result writes never wait on state writes).</summary>
    public string SqliteResultsPath => Path.GetFullPath(Path.Combine(DataDirectory, "results.db"));

    /// <summary>The SQLite file of trades in embedded mode (columnar segments, versions and each trade's current version).</summary>
    public string SqliteTradesPath => Path.GetFullPath(Path.Combine(DataDirectory, "trades.db"));

    /// <summary>The directory of run results when <c>XiP:Results</c> is <c>files</c> (one directory per run).</summary>
    public string ResultsDirectory => Path.GetFullPath(Path.Combine(DataDirectory, "results"));
}

/// <summary>Values of <c>XiP:Clustering</c>.</summary>
public static class ClusteringProviders
{
    /// <summary>One process, no membership table (embedded mode).</summary>
    public const string Localhost = "localhost";

    /// <summary>Membership in PostgreSQL (Orleans ADO.NET clustering).</summary>
    public const string Postgres = "postgres";

    /// <summary>Membership in PostgreSQL, with silo names, addresses and cleanup from Kubernetes.</summary>
    public const string Kubernetes = "kubernetes";
}

/// <summary>Values of <c>XiP:GrainStorage</c>.</summary>
public static class GrainStorageProviders
{
    public const string Sqlite = "sqlite";
    public const string Memory = "memory";
    public const string Postgres = "postgres";
}

/// <summary>Values of <c>XiP:Results</c>.</summary>
public static class ResultStoreProviders
{
    /// <summary>One directory per run, one file per block (embedded default).</summary>
    public const string Files = "files";

    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string Mongo = "mongo";
}

/// <summary>The <c>XiP:Mongo</c> section.</summary>
public sealed class MongoSettings
{
    /// <summary>The database of the result collection (<c>XiP:Mongo:Database</c>).</summary>
    public string Database { get; set; } = "xip";
}

/// <summary>The <c>XiP:Postgres</c> section: a host's share of the server's connections (README, "Cluster mode").</summary>
public sealed class PostgresSettings
{
    /// <summary>The ADO.NET invariant Orleans' providers load PostgreSQL's driver by.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>Connections each of XiP's own stores (trades, results) opens at most (<c>XiP:Postgres:StoreConnections</c>, default 6).</summary>
    public int StoreConnections { get; set; } = 6;

    /// <summary>Connections Orleans' own providers (membership, grain state) open at most (<c>XiP:Postgres:OrleansConnections</c>, default 12).</summary>
    public int OrleansConnections { get; set; } = 12;
}
