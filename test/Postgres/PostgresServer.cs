namespace XiP.Tests;

/// <summary>The PostgreSQL server of the test run, from <c>XIP_POSTGRES</c>.</summary>
public static class PostgresServer
{
    public const string Variable = "XIP_POSTGRES";

    /// <summary>
    /// The Npgsql connection string of the test database. Missing is a failure, not a skip: CI always
    /// provides it, and a silently skipped store would pass for a tested one.
    /// </summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. PostgreSQL tests need a database: run them through infra/scripts/test.sh, which starts a throwaway " +
                $"server, or start one with infra/scripts/postgres-test-server.sh start and export {Variable} as the connection string it prints.");
}
