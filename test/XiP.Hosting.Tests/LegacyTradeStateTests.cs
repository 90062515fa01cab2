using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using XiP.Tests;

namespace XiP.Hosting.Tests;

/// <summary>A silo over grain state that still holds per-trade grains of the earlier format refuses to start, saying what to do.</summary>
public sealed class LegacyTradeStateTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "xip-legacy-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_silo_over_per_trade_grain_state_refuses_to_start_and_says_how_to_move_the_trades()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "xip.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE grain_state (service_id TEXT, grain_type TEXT, grain_id TEXT, state_name TEXT, payload BLOB, etag TEXT, version INTEGER, modified_at TEXT);
                INSERT INTO grain_state VALUES ('xip', 'xip-trade', 't-1', 'trade', x'00', 'e', 1, '2026-01-01');
                INSERT INTO grain_state VALUES ('xip', 'xip-risk-run', 'r-1', 'risk-run', x'00', 'e', 1, '2026-01-01');
                """;
            command.ExecuteNonQuery();
        }

        using var host = Host(_directory);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("earlier version", refused.Message, StringComparison.Ordinal);
        Assert.Contains("POST /v1/trades", refused.Message, StringComparison.Ordinal);
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
    }

    private static IHost Host(string directory)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["XiP:DataDirectory"] = directory,
            ["XiP:SiloPort"] = LoopbackPorts.Reserve().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["XiP:GatewayPort"] = LoopbackPorts.Reserve().ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        return new HostBuilder().UseOrleans(silo => silo.UseXiP(configuration)).Build();
    }
}
