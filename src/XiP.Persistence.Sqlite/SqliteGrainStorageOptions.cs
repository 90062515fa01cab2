using Orleans;
using Orleans.Storage;

namespace XiP.Persistence.Sqlite;

/// <summary>
/// Options for <see cref="SqliteGrainStorage"/>, a grain storage provider that keeps every grain state
/// of a service in one SQLite database file.
/// </summary>
/// <remarks>
/// Rows are keyed by cluster service id, grain type, grain key and state name, so several services (or
/// several named providers pointing at the same <see cref="TableName"/>) can share one file without
/// seeing each other's state.
/// </remarks>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The table name used when <see cref="TableName"/> is not set.</summary>
    public const string DefaultTableName = "grain_state";

    /// <summary>
    /// Path of the SQLite database file. Required. A relative path is resolved against the current
    /// working directory when the provider is created; the parent directory is created if it is missing.
    /// In-memory databases (<c>:memory:</c>) are rejected because every operation opens its own connection.
    /// </summary>
    public string? DataSource { get; set; }

    /// <summary>
    /// Name of the table holding grain state. Created with <c>CREATE TABLE IF NOT EXISTS</c> at silo start.
    /// Must be a plain SQL identifier (letters, digits and underscores, not starting with a digit).
    /// Defaults to <see cref="DefaultTableName"/>.
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// How long an operation waits for another writer (another grain, another silo or another process
    /// using the same file) to release the database write lock before failing with <c>SQLITE_BUSY</c>.
    /// Must be positive and at most <see cref="int.MaxValue"/> milliseconds. Defaults to 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Silo lifecycle stage at which the database file and table are created.
    /// Defaults to <see cref="ServiceLifecycleStage.ApplicationServices"/>.
    /// </summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>
    /// Serializer for grain state payloads. When left unset, the silo's default
    /// <see cref="IGrainStorageSerializer"/> is used (filled in by Orleans'
    /// <see cref="DefaultStorageProviderSerializerOptionsConfigurator{TOptions}"/>).
    /// Changing the serializer of an existing database makes the stored payloads unreadable.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
