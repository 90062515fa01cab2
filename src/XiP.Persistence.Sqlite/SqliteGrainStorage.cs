using System.Data;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace XiP.Persistence.Sqlite;

/// <summary>
/// Orleans grain storage provider that keeps grain state in a single SQLite database file.
/// </summary>
/// <remarks>
/// <para>
/// One row per (service id, grain type, grain key, state name) holds the serialized state, a random
/// ETag, a version counter that increases with every write, and the UTC time of the last write.
/// The table is created at silo start (<see cref="SqliteGrainStorageOptions.InitStage"/>) and the database
/// is switched to write-ahead logging, so readers never wait for writers.
/// </para>
/// <para>
/// Writes are optimistic: a write or clear must carry the ETag of the last read or write. Any other ETag,
/// including writing a new state (<c>null</c> ETag) over an existing row or updating a row that no longer
/// exists, fails with <see cref="InconsistentStateException"/> and leaves the stored row untouched.
/// The ETag check and the change run as one <c>BEGIN IMMEDIATE</c> transaction, so of several concurrent
/// writers holding the same ETag exactly one succeeds, also across silos or processes sharing the file.
/// </para>
/// </remarks>
[DebuggerDisplay("SqliteGrainStorage:{_name}")]
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly string _name;
    private readonly string _serviceId;
    private readonly string _databasePath;
    private readonly string _connectionString;
    private readonly int _initStage;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly Statements _sql;
    private readonly Lock _initLock = new();
    private Task? _initialization;
    private volatile bool _disposed;

    /// <summary>
    /// Creates the provider. Normally called by dependency injection through
    /// <c>AddSqliteGrainStorage</c>; the database is not touched until silo start or the first operation.
    /// </summary>
    /// <param name="name">The provider name (the <c>storageName</c> of <c>[PersistentState]</c>).</param>
    /// <param name="options">The provider options; validated here with <see cref="SqliteGrainStorageOptionsValidator"/>.</param>
    /// <param name="defaultSerializer">Serializer used when <see cref="SqliteGrainStorageOptions.GrainStorageSerializer"/> is not set.</param>
    /// <param name="activatorProvider">Creates the default state returned for missing rows.</param>
    /// <param name="clusterOptions">Supplies the service id that scopes every row.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="OrleansConfigurationException">The options are invalid.</exception>
    public SqliteGrainStorage(
        string name,
        SqliteGrainStorageOptions options,
        IGrainStorageSerializer defaultSerializer,
        IActivatorProvider activatorProvider,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<SqliteGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(defaultSerializer);
        ArgumentNullException.ThrowIfNull(activatorProvider);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);

        // The silo runs the registered validator too; repeating it here covers direct construction.
        new SqliteGrainStorageOptionsValidator(options, name).ValidateConfiguration();

        _name = name;
        _serviceId = clusterOptions.Value.ServiceId ?? string.Empty;
        _serializer = options.GrainStorageSerializer ?? defaultSerializer;
        _activatorProvider = activatorProvider;
        _logger = logger;
        _initStage = options.InitStage;
        _databasePath = Path.GetFullPath(options.DataSource!);

        var busyTimeoutMs = (int)Math.Ceiling(options.BusyTimeout.TotalMilliseconds);
        _sql = new Statements(options.TableName, busyTimeoutMs);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Shared cache is discouraged with WAL and would add table-level locking on top of the file lock.
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY on its own up to the command timeout (whole seconds);
            // keep it at least as long as the native busy_timeout set in OpenConnectionAsync.
            DefaultTimeout = (int)Math.Ceiling(busyTimeoutMs / 1000.0),
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _databasePath;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(_name), _initStage, OnStartAsync, OnStopAsync);
    }

    /// <summary>
    /// Creates the parent directory, the database file and the table if they are missing and enables WAL.
    /// Idempotent; the silo calls it at <see cref="SqliteGrainStorageOptions.InitStage"/>, and every
    /// operation awaits it, so a provider used outside a silo initializes itself on first use.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        var initialization = Volatile.Read(ref _initialization);
        if (initialization is null || initialization.IsFaulted || initialization.IsCanceled)
        {
            lock (_initLock)
            {
                initialization = _initialization;
                if (initialization is null || initialization.IsFaulted || initialization.IsCanceled)
                {
                    // Not bound to the caller's token: other callers share this task, and a failed or
                    // cancelled attempt is retried by the next caller.
                    initialization = Task.Run(InitializeCoreAsync, CancellationToken.None);
                    Volatile.Write(ref _initialization, initialization);
                }
            }
        }

        return initialization.IsCompletedSuccessfully ? Task.CompletedTask : initialization.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);

        byte[]? payload = null;
        string? etag = null;
        await using (var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = CreateCommand(connection, _sql.Select, stateName, grainId))
        await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                payload = reader.GetFieldValue<byte[]>(0);
                etag = reader.GetString(1);
            }
        }

        if (etag is null)
        {
            ResetState(grainState);
            return;
        }

        var state = _serializer.Deserialize<T>(new BinaryData(payload ?? []));
        grainState.State = state is null ? CreateDefaultState<T>() : state;
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    /// <exception cref="InconsistentStateException">
    /// The stored ETag differs from <see cref="IGrainState{T}.ETag"/>; nothing was written.
    /// </exception>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);

        var payload = _serializer.Serialize(grainState.State).ToArray();
        var expectedEtag = grainState.ETag;
        var newEtag = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

        await using (var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = BeginWriteTransaction(connection))
        {
            // A null ETag means "no row yet": insert, and treat an existing row as a conflict instead of
            // overwriting it. Otherwise update only the row version this writer read.
            var sql = expectedEtag is null ? _sql.Insert : _sql.Update;
            int affected;
            await using (var command = CreateCommand(connection, sql, stateName, grainId, transaction))
            {
                command.Parameters.Add("@payload", SqliteType.Blob).Value = payload;
                command.Parameters.Add("@new_etag", SqliteType.Text).Value = newEtag;
                if (expectedEtag is not null)
                {
                    command.Parameters.Add("@etag", SqliteType.Text).Value = expectedEtag;
                }

                affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (affected != 1)
            {
                var storedEtag = await ReadStoredEtagAsync(connection, transaction, stateName, grainId, cancellationToken).ConfigureAwait(false);
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw Conflict("write", stateName, grainId, storedEtag, expectedEtag);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        grainState.ETag = newEtag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    /// <remarks>
    /// Deletes the row. Afterwards <see cref="IGrainState{T}.ETag"/> is <see langword="null"/>,
    /// <see cref="IGrainState{T}.RecordExists"/> is <see langword="false"/> and the state is the type's
    /// default instance, exactly as a read of a missing row leaves them; the next write inserts a new row.
    /// Clearing with a <see langword="null"/> ETag when no row exists succeeds and changes nothing.
    /// </remarks>
    /// <exception cref="InconsistentStateException">
    /// The stored ETag differs from <see cref="IGrainState{T}.ETag"/>; nothing was deleted.
    /// </exception>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);

        var expectedEtag = grainState.ETag;
        await using (var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = BeginWriteTransaction(connection))
        {
            if (expectedEtag is null)
            {
                // Nothing to delete is fine; a row someone else created meanwhile is a conflict.
                var storedEtag = await ReadStoredEtagAsync(connection, transaction, stateName, grainId, cancellationToken).ConfigureAwait(false);
                if (storedEtag is not null)
                {
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    throw Conflict("clear", stateName, grainId, storedEtag, expectedEtag);
                }
            }
            else
            {
                int affected;
                await using (var command = CreateCommand(connection, _sql.Delete, stateName, grainId, transaction))
                {
                    command.Parameters.Add("@etag", SqliteType.Text).Value = expectedEtag;
                    affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (affected != 1)
                {
                    var storedEtag = await ReadStoredEtagAsync(connection, transaction, stateName, grainId, cancellationToken).ConfigureAwait(false);
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    throw Conflict("clear", stateName, grainId, storedEtag, expectedEtag);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        ResetState(grainState);
    }

    /// <summary>
    /// Marks the provider as disposed and closes its idle pooled connections, releasing the database file.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleasePooledConnections();
    }

    private async Task OnStartAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
            LogInitialized(_logger, _name, _databasePath, _serviceId, stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (Exception exception)
        {
            LogInitializationFailed(_logger, exception, _name, _databasePath);
            throw;
        }
    }

    private Task OnStopAsync(CancellationToken cancellationToken)
    {
        ReleasePooledConnections();
        return Task.CompletedTask;
    }

    private async Task InitializeCoreAsync()
    {
        var directory = Path.GetDirectoryName(_databasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);

        // journal_mode=WAL is stored in the database file, so setting it once here applies to every later
        // connection, from this silo or any other process. It reports the mode actually in effect.
        string? journalMode;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            journalMode = Convert.ToString(await command.ExecuteScalarAsync().ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            // Correctness does not depend on WAL (writes are serialized by SQLite's lock either way);
            // only reader/writer concurrency suffers, so warn instead of refusing to start.
            LogWalUnavailable(_logger, _name, _databasePath, journalMode);
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = _sql.CreateTable;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        // Fails fast (at silo start rather than on the first grain call) when a table of that name
        // already exists with a different shape.
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = _sql.ProbeColumns;
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        }
    }

    // Why one connection per operation: a SqliteConnection is not thread-safe, and grains call the
    // provider concurrently from many threads. Opening a connection per operation is cheap because
    // Microsoft.Data.Sqlite pools them (the native handle stays open), and it leaves all write
    // serialization to SQLite's own file lock, which is what also protects the file against other silos
    // and processes; a process-local lock around a shared connection could not do that, and would make
    // reads queue behind writes that WAL lets run in parallel. Writers that find the lock taken wait up to
    // BusyTimeout (native busy handler plus the library's own retry) instead of failing at once.
    //
    // Microsoft.Data.Sqlite has no truly asynchronous I/O; its *Async methods complete synchronously.
    // That is acceptable here: operations touch one row and Orleans grain turns already run on the
    // .NET thread pool, so offloading with Task.Run would only add a thread hop.
    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // busy_timeout is per native connection; pooled handles keep it, setting it again is a no-op.
            await using var command = connection.CreateCommand();
            command.CommandText = _sql.BusyTimeoutPragma;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // BEGIN IMMEDIATE takes the write lock up front. A deferred transaction that reads first and then
    // writes can fail with SQLITE_BUSY without waiting when another writer got there in between.
    private static SqliteTransaction BeginWriteTransaction(SqliteConnection connection)
        => connection.BeginTransaction(deferred: false);

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql, string stateName, GrainId grainId, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.Parameters.Add("@service_id", SqliteType.Text).Value = _serviceId;
        command.Parameters.Add("@grain_type", SqliteType.Text).Value = grainId.Type.ToString();
        command.Parameters.Add("@grain_id", SqliteType.Text).Value = grainId.Key.ToString();
        command.Parameters.Add("@state_name", SqliteType.Text).Value = stateName;
        return command;
    }

    private async Task<string?> ReadStoredEtagAsync(SqliteConnection connection, SqliteTransaction transaction, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, _sql.SelectEtag, stateName, grainId, transaction);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? storedEtag, string? currentEtag)
    {
        LogEtagConflict(_logger, operation, _name, grainId, stateName, storedEtag, currentEtag);
        return new InconsistentStateException(
            $"ETag mismatch on {operation} in SQLite grain storage '{_name}': ServiceId={_serviceId} GrainId={grainId} StateName={stateName} "
                + $"StoredETag={storedEtag ?? "<none>"} CurrentETag={currentEtag ?? "<none>"}. The state was changed or deleted by another writer.",
            storedEtag ?? string.Empty,
            currentEtag ?? string.Empty);
    }

    private void ResetState<T>(IGrainState<T> grainState)
    {
        grainState.State = CreateDefaultState<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private T CreateDefaultState<T>() => _activatorProvider.GetActivator<T>().Create();

    private void ReleasePooledConnections()
    {
        // Closes idle pooled handles for this file (connections in use are closed when returned).
        // Other providers on the same file simply reopen on their next operation.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite grain storage '{Name}' ready: file {DatabasePath}, service id {ServiceId}, initialized in {ElapsedMilliseconds:0.0} ms.")]
    private static partial void LogInitialized(ILogger logger, string name, string databasePath, string serviceId, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "SQLite grain storage '{Name}' failed to initialize database file {DatabasePath}.")]
    private static partial void LogInitializationFailed(ILogger logger, Exception exception, string name, string databasePath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite grain storage '{Name}' could not enable WAL for {DatabasePath}; journal mode is '{JournalMode}'. Readers will wait for writers.")]
    private static partial void LogWalUnavailable(ILogger logger, string name, string databasePath, string? journalMode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ETag conflict on {Operation} in SQLite grain storage '{Name}' for {GrainId}/{StateName}: stored {StoredEtag}, current {CurrentEtag}.")]
    private static partial void LogEtagConflict(ILogger logger, string operation, string name, GrainId grainId, string stateName, string? storedEtag, string? currentEtag);

    private sealed class Statements
    {
        private const string Key = "service_id = @service_id AND grain_type = @grain_type AND grain_id = @grain_id AND state_name = @state_name";
        private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

        public Statements(string tableName, int busyTimeoutMs)
        {
            // synchronous = NORMAL in WAL mode: a commit survives a process crash, only an OS crash or power
            // loss can take the last few back; FULL would fsync every grain write and cap writes at disk latency.
            BusyTimeoutPragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA synchronous = NORMAL;");

            // The table name passed the validator's identifier check; quoting keeps keywords usable.
            var table = $"\"{tableName}\"";
            CreateTable = $"""
                CREATE TABLE IF NOT EXISTS {table} (
                    service_id  TEXT    NOT NULL,
                    grain_type  TEXT    NOT NULL,
                    grain_id    TEXT    NOT NULL,
                    state_name  TEXT    NOT NULL,
                    payload     BLOB    NOT NULL,
                    etag        TEXT    NOT NULL,
                    version     INTEGER NOT NULL,
                    modified_at TEXT    NOT NULL,
                    PRIMARY KEY (service_id, grain_type, grain_id, state_name)
                );
                """;
            ProbeColumns = $"SELECT service_id, grain_type, grain_id, state_name, payload, etag, version, modified_at FROM {table} LIMIT 0;";
            Select = $"SELECT payload, etag FROM {table} WHERE {Key};";
            SelectEtag = $"SELECT etag FROM {table} WHERE {Key};";
            Insert = $"""
                INSERT INTO {table} (service_id, grain_type, grain_id, state_name, payload, etag, version, modified_at)
                VALUES (@service_id, @grain_type, @grain_id, @state_name, @payload, @new_etag, 1, {Now})
                ON CONFLICT (service_id, grain_type, grain_id, state_name) DO NOTHING;
                """;
            Update = $"UPDATE {table} SET payload = @payload, etag = @new_etag, version = version + 1, modified_at = {Now} WHERE {Key} AND etag = @etag;";
            Delete = $"DELETE FROM {table} WHERE {Key} AND etag = @etag;";
        }

        public string CreateTable { get; }

        public string ProbeColumns { get; }

        public string Select { get; }

        public string SelectEtag { get; }

        public string Insert { get; }

        public string Update { get; }

        public string Delete { get; }

        public string BusyTimeoutPragma { get; }
    }
}
