namespace XiP.Hosting;

/// <summary>The platform's configuration section <c>XiP</c>, shared by every host.</summary>
public sealed class XiPOptions
{
    public const string SectionName = "XiP";

    /// <summary>Where embedded mode keeps its SQLite file (<c>XiP:DataDirectory</c>, default <c>./data</c>).</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Cluster membership provider (<c>XiP:Clustering</c>): <c>localhost</c>.</summary>
    public string Clustering { get; set; } = ClusteringProviders.Localhost;

    /// <summary>Grain state provider (<c>XiP:GrainStorage</c>): <c>sqlite</c> or <c>memory</c>.</summary>
    public string GrainStorage { get; set; } = GrainStorageProviders.Sqlite;

    /// <summary>Orleans cluster id (<c>XiP:ClusterId</c>).</summary>
    public string ClusterId { get; set; } = "xip";

    /// <summary>Orleans service id (<c>XiP:ServiceId</c>); stored grain state is scoped by it.</summary>
    public string ServiceId { get; set; } = "xip";

    /// <summary>Silo-to-silo port (<c>XiP:SiloPort</c>).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port of the silo (<c>XiP:GatewayPort</c>).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The SQLite database file of embedded mode.</summary>
    public string SqliteDatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, "xip.db"));

    /// <summary>The SQLite file of run results in embedded mode (apart from grain state, so result writes never wait on state writes).</summary>
    public string SqliteResultsPath => Path.GetFullPath(Path.Combine(DataDirectory, "results.db"));
}

/// <summary>Values of <c>XiP:Clustering</c>.</summary>
public static class ClusteringProviders
{
    public const string Localhost = "localhost";
}

/// <summary>Values of <c>XiP:GrainStorage</c>.</summary>
public static class GrainStorageProviders
{
    public const string Sqlite = "sqlite";
    public const string Memory = "memory";
}
