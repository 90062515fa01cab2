using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace XiP.Results.Sqlite;

/// <summary>
/// Refuses to start a host whose SQLite result file still holds results of the format before block storage
/// (table <c>run_results</c>): this version cannot read them, and never reads them as blocks.
/// </summary>
public sealed class LegacySqliteResults(string databasePath) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check(databasePath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Drops an empty legacy table; throws <see cref="LegacyResultsException"/> for one with rows.</summary>
    public static void Check(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'run_results';";
        if (command.ExecuteScalar() is null)
        {
            return;
        }

        command.CommandText = "SELECT COUNT(*) FROM run_results;";
        var rows = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (rows > 0)
        {
            throw new LegacyResultsException(
                $"The result database {databasePath} holds {rows} results in the format of XiP before block storage (table run_results). "
                + "This version cannot read them and never reads them as blocks. Read what you need with the previous version "
                + "(GET /v1/runs/{id}/results), then drop the table (sqlite3 \"" + databasePath + "\" \"DROP TABLE run_results\") or delete the file, and start again.");
        }

        command.CommandText = "DROP TABLE run_results;";
        command.ExecuteNonQuery();
    }
}
