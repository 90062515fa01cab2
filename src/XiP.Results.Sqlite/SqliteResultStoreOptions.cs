namespace XiP.Results.Sqlite;

/// <summary>
/// Options for <see cref="SqliteBlockStore"/>, the result store of embedded mode: run blocks in one table,
/// <c>run_blocks</c>, of a SQLite database file.
/// </summary>
public sealed class SqliteResultStoreOptions
{
    /// <summary>
    /// Path of the SQLite database file. Required. A relative path is resolved against the current working
    /// directory when the store is created; the file and its parent directory are created if missing.
    /// The file may be shared with other users (the grain storage, for instance), but a file of its own keeps
    /// large result batches from holding SQLite's single write lock while grain state waits to be written.
    /// In-memory databases (<c>:memory:</c>) are rejected because every operation opens its own connection.
    /// </summary>
    public string? DataSource { get; set; }

    /// <summary>
    /// How long an operation waits for another writer (another process, or another user of the same file)
    /// to release the database write lock before failing with <c>SQLITE_BUSY</c>. Must be positive and at
    /// most <see cref="int.MaxValue"/> milliseconds. Defaults to 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
