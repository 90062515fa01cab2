namespace XiP.Results.Postgres;

/// <summary>
/// Options for <see cref="PostgresBlockStore"/>, the result store of a cluster: every run's blocks in one
/// table, <c>xip_run_blocks</c>, of a PostgreSQL database.
/// </summary>
public sealed class PostgresResultStoreOptions
{
    /// <summary>
    /// Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>). Required. The
    /// database must exist; the store creates its table and indexes in it (the user needs CREATE on the
    /// schema the first time).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The most connections the store opens at once (its own pool, apart from Orleans'). Default 8: with the
    /// grain storage's pool it keeps a host's share of a stock server's 100 connections small (README, "Cluster mode").
    /// </summary>
    public int MaxConnections { get; set; } = 8;
}
