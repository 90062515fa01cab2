namespace XiP.Results.Postgres;

/// <summary>
/// Options for <see cref="PostgresResultStore"/>, the result store of a cluster: every run's results in one
/// table, <c>run_results</c>, of a PostgreSQL database.
/// </summary>
public sealed class PostgresResultStoreOptions
{
    /// <summary>
    /// Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>). Required. The
    /// database must exist; the store creates its table and indexes in it (the user needs CREATE on the
    /// schema the first time).
    /// </summary>
    public string? ConnectionString { get; set; }
}
