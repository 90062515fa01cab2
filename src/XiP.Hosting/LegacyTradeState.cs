using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace XiP.Hosting;

/// <summary>
/// Refuses to start a silo whose grain state still holds trades and books of the format before the trade store
/// (one grain state per trade, grain types <c>xip-trade</c> and <c>xip-book</c>): this version keeps trades in
/// columnar segments and would otherwise silently not see them.
/// </summary>
internal sealed class LegacyTradeState(XiPOptions options) : IHostedService
{
    private const string Remedy = "Export them with the earlier version (GET /v1/books/{book}/trades, GET /v1/trades/{id}), delete those rows, start this version and upload them again (POST /v1/trades).";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        switch (options.GrainStorage)
        {
            case GrainStorageProviders.Sqlite when File.Exists(options.SqliteDatabasePath):
                var rows = CountSqlite(options.SqliteDatabasePath);
                if (rows > 0)
                {
                    throw new InvalidOperationException(
                        $"The grain state in {options.SqliteDatabasePath} holds {rows} trades and books stored by an earlier version of XiP (one grain state per trade); "
                        + $"this version keeps trades in {options.SqliteTradesPath} and cannot read them. {Remedy} "
                        + $"To delete: sqlite3 \"{options.SqliteDatabasePath}\" \"DELETE FROM grain_state WHERE grain_type IN ('xip-trade', 'xip-book')\".");
                }

                break;
            case GrainStorageProviders.Postgres:
                var stored = await CountPostgresAsync(options.OrleansPostgresConnectionString!, options.ServiceId, cancellationToken);
                if (stored > 0)
                {
                    throw new InvalidOperationException(
                        $"The PostgreSQL grain state of service '{options.ServiceId}' holds {stored} trades and books stored by an earlier version of XiP (one grain state per trade); "
                        + $"this version keeps trades in the xip_trade_* tables and cannot read them. {Remedy} "
                        + $"To delete: DELETE FROM OrleansStorage WHERE ServiceId = '{options.ServiceId}' AND GrainTypeString IN ('xip-trade', 'xip-book').");
                }

                break;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static long CountSqlite(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'grain_state';";
        if (command.ExecuteScalar() is null)
        {
            return 0;
        }

        command.CommandText = "SELECT COUNT(*) FROM grain_state WHERE grain_type IN ('xip-trade', 'xip-book');";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static async Task<long> CountPostgresAsync(string connectionString, string serviceId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN to_regclass('orleansstorage') IS NULL THEN 0 ELSE (SELECT count(*) FROM orleansstorage WHERE serviceid = $1 AND graintypestring IN ('xip-trade', 'xip-book')) END", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
