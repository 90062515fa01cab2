namespace XiP.Cluster.Tests;

/// <summary>
/// A PostgreSQL server of one test's own (<c>infra/scripts/postgres-test-server.sh</c>), with the stock connection
/// limit, which the test may stop and start again without touching the server every other test uses.
/// </summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;

    private OwnPostgres(Dictionary<string, string> environment, string connectionString)
    {
        _environment = environment;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<OwnPostgres> StartAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["XIP_POSTGRES_STATE"] = Path.Combine(Path.GetTempPath(), "xip-cluster-tests", "postgres-" + Guid.NewGuid().ToString("N")),
        };
        var output = await LocalCluster.RunScriptAsync("postgres-test-server.sh", environment, "start");
        return new OwnPostgres(environment, output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    /// <summary>Stops the server as an operator's restart does (open sessions are ended), keeping its data.</summary>
    public Task PauseAsync() => LocalCluster.RunScriptAsync("postgres-test-server.sh", _environment, "pause");

    /// <summary>Starts it again on the same port with the same data; returns once it accepts connections.</summary>
    public Task ResumeAsync() => LocalCluster.RunScriptAsync("postgres-test-server.sh", _environment, "resume");

    public async ValueTask DisposeAsync() => await LocalCluster.RunScriptAsync("postgres-test-server.sh", _environment, "stop");
}
