using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;
using XiP.Abstractions.Results;

namespace XiP.Results.Mongo;

/// <summary>
/// <see cref="IResultStore"/> of a cluster: results in one MongoDB collection, <c>run_results</c> by
/// default, one document per (run id, trade id, measure) in the shape <see cref="ResultDocument"/> describes.
/// </summary>
/// <remarks>
/// <para>
/// Indexes (<see cref="ResultIndexes"/>): a unique (run, trade, measure) index that upserts match on and
/// that orders unfiltered pages, plus (run, measure, trade) and (run, book, trade, measure) for the
/// filters. All of them, and every query, use the simple collation, so strings compare by their UTF-8
/// bytes, which is Unicode code point order. (This equals <see cref="string.CompareOrdinal(string, string)"/>
/// except where characters beyond U+FFFF meet U+E000–U+FFFF.)
/// </para>
/// <para>
/// <see cref="UpsertAsync"/> sends a call's records as one unordered bulk write of replace-with-upsert
/// operations, which the driver splits only where a batch would exceed the server's limits. A retried
/// batch replaces its documents instead of adding new ones. Unlike SQLite, a batch is not atomic: if the
/// call fails, some of its records may have been written, and retrying the call completes it. Within a
/// call, a key given twice keeps the later record (the earlier is dropped before sending, as an unordered
/// bulk write does not keep order). When two writers race to insert the same new key, the server (4.2 or
/// later) retries the losing upsert as a replacement, because the filter is exactly the unique index's
/// fields under the index's collation.
/// </para>
/// <para>
/// <see cref="ReadAsync"/> pages with a keyset cursor in (trade id, measure) order: one find command,
/// hinted to the index whose order is the page order and limited to one document more than the page, so
/// reading page n costs the same as page 1. Pages are not a snapshot: records written behind the cursor
/// while a client pages are not seen, records written ahead of it are; none is returned twice.
/// </para>
/// <para>
/// Thread-safe. The store owns one <see cref="MongoClient"/> (a connection pool) for its lifetime;
/// durability and read/write concerns are those of the connection string.
/// </para>
/// </remarks>
[DebuggerDisplay("MongoResultStore:{DatabaseName}.{CollectionName}")]
public sealed partial class MongoResultStore : IResultStore, IDisposable
{
    /// <summary>The largest page <see cref="ReadAsync"/> returns; larger limits are clamped to it.</summary>
    public const int MaxPageSize = 10_000;

    private static readonly BulkWriteOptions UnorderedWrites = new() { IsOrdered = false };
    private static readonly CountOptions CountByRun = new() { Collation = Collation.Simple, Hint = ResultIndexes.ByTrade };
    private static readonly DeleteOptions DeleteByRun = new() { Collation = Collation.Simple };

    private readonly MongoClient _client;
    private readonly IMongoCollection<BsonDocument> _collection;
    private readonly ILogger _logger;

    private readonly SharedInitialization _initialization;
    private volatile bool _disposed;

    /// <summary>Creates the store; the server is not contacted until <see cref="InitializeAsync"/> or the first operation.</summary>
    /// <param name="options">The options; <see cref="MongoResultStoreOptions.ConnectionString"/> is required.</param>
    /// <param name="logger">The logger, or none.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names the option.</exception>
    public MongoResultStore(MongoResultStoreOptions options, ILogger<MongoResultStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        MongoResultStoreOptionsValidator.ThrowIfInvalid(options);
        _initialization = new SharedInitialization(InitializeCoreAsync);

        _logger = logger ?? (ILogger)NullLogger.Instance;
        DatabaseName = options.DatabaseName;
        CollectionName = options.CollectionName;
        _client = new MongoClient(MongoClientSettings.FromConnectionString(options.ConnectionString));
        _collection = _client.GetDatabase(DatabaseName).GetCollection<BsonDocument>(CollectionName);
    }

    /// <summary>The database that holds the result collection.</summary>
    public string DatabaseName { get; }

    /// <summary>The result collection.</summary>
    public string CollectionName { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Creates the collection and its indexes if they are missing; indexes that already exist with the same
    /// definition are left alone, and one of the same name with another definition fails the call. Idempotent
    /// and shared: concurrent callers await one attempt, and a failed attempt is retried by the next caller.
    /// Every operation awaits it, so calling it is optional.
    /// </remarks>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        return _initialization.EnsureAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">
    /// A record is null, has a null or empty run id, trade id or measure, or a null book, or one of its
    /// strings holds a lone UTF-16 surrogate, which UTF-8 (and so BSON) cannot represent; nothing was written.
    /// </exception>
    public async Task UpsertAsync(IReadOnlyList<ResultRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var last = new Dictionary<(string RunId, string TradeId, string Measure), int>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            Validate(record, i, nameof(records));
            last[(record.RunId, record.TradeId, record.Measure)] = i;
        }

        if (records.Count == 0)
        {
            return;
        }

        var writes = new List<WriteModel<BsonDocument>>(last.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (last[(record.RunId, record.TradeId, record.Measure)] == i)
            {
                writes.Add(Upsert(record));
            }
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _collection.BulkWriteAsync(writes, UnorderedWrites, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="ResultQuery.Limit"/> is clamped to 1..<see cref="MaxPageSize"/>. A null
    /// <see cref="ResultQuery.Measure"/> or <see cref="ResultQuery.Book"/> does not filter; any other value,
    /// the empty string included, must match exactly (binary). <see cref="ResultPage.NextCursor"/> is null
    /// exactly when no record follows the page.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The run id is null or empty, a string of the query holds a lone UTF-16 surrogate, or the cursor is malformed.
    /// </exception>
    public async Task<ResultPage> ReadAsync(ResultQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.RunId, $"{nameof(query)}.{nameof(query.RunId)}");
        RequireWellFormed(query.RunId, $"{nameof(query)}.{nameof(query.RunId)}");
        RequireWellFormed(query.Measure, $"{nameof(query)}.{nameof(query.Measure)}");
        RequireWellFormed(query.Book, $"{nameof(query)}.{nameof(query.Book)}");
        var after = query.Cursor is null ? ((string TradeId, string Measure)?)null : ResultCursor.Decode(query.Cursor, $"{nameof(query)}.{nameof(query.Cursor)}");
        var limit = Math.Clamp(query.Limit, 1, MaxPageSize);
        var page = PageQuery.Create(query, after, limit);

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<ResultRecord>(Math.Min(limit, 1024));
        var more = false;
        using (var cursor = await _collection.FindAsync(page.Filter, page.ToFindOptions(), cancellationToken).ConfigureAwait(false))
        {
            while (!more && await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var document in cursor.Current)
                {
                    if (items.Count == limit)
                    {
                        more = true;
                        break;
                    }

                    items.Add(ResultDocument.ToRecord(query.RunId, document));
                }
            }
        }

        var last = items.Count > 0 ? items[^1] : null;
        return new ResultPage(items, more && last is not null ? ResultCursor.Encode(last.TradeId, last.Measure) : null);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The run id is null, empty or holds a lone UTF-16 surrogate.</exception>
    public async Task<long> CountAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        RequireWellFormed(runId, nameof(runId));
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _collection.CountDocumentsAsync(ByRun(runId), CountByRun, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One delete command; not atomic across documents, so a failed call may leave part of the run, which calling again removes.</remarks>
    /// <exception cref="ArgumentException">The run id is null, empty or holds a lone UTF-16 surrogate.</exception>
    public async Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        RequireWellFormed(runId, nameof(runId));
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _collection.DeleteManyAsync(ByRun(runId), DeleteByRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the store's connections to the server.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _client.Dispose();
    }

    /// <summary>The replace-with-upsert of <paramref name="record"/>, matched on its key.</summary>
    internal static ReplaceOneModel<BsonDocument> Upsert(ResultRecord record)
    {
        var key = new BsonDocument
        {
            { ResultDocument.Run, record.RunId },
            { ResultDocument.Trade, record.TradeId },
            { ResultDocument.Measure, record.Measure },
        };
        return new ReplaceOneModel<BsonDocument>(key, ResultDocument.FromRecord(record)) { IsUpsert = true, Collation = Collation.Simple };
    }

    private static BsonDocument ByRun(string runId) => new(ResultDocument.Run, runId);

    private static void Validate(ResultRecord? record, int index, string paramName)
    {
        ResultRecordChecks.Validate(record, index, paramName);

        if (!IsWellFormed(record.RunId) || !IsWellFormed(record.TradeId) || !IsWellFormed(record.Measure) || !IsWellFormed(record.Book) || !IsWellFormed(record.Error))
        {
            throw new ArgumentException($"Record {index} has a run id, trade id, measure, book or error with a lone UTF-16 surrogate.", paramName);
        }
    }

    private static void RequireWellFormed(string? value, string paramName)
    {
        if (!IsWellFormed(value))
        {
            throw new ArgumentException("The string holds a lone UTF-16 surrogate, which no stored result can match.", paramName);
        }
    }

    /// <summary>Whether every surrogate of <paramref name="value"/> is half of a pair (null counts as well-formed).</summary>
    internal static bool IsWellFormed(string? value)
    {
        if (value is null)
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (!char.IsSurrogate(value[i]))
            {
                continue;
            }

            if (!char.IsHighSurrogate(value[i]) || i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1]))
            {
                return false;
            }

            i++;
        }

        return true;
    }

    private async Task InitializeCoreAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            // createIndexes creates a missing collection and does nothing for an identical existing index.
            await _collection.Indexes.CreateManyAsync(ResultIndexes.Models).ConfigureAwait(false);
            LogInitialized(_logger, DatabaseName, CollectionName, stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (Exception exception)
        {
            LogInitializationFailed(_logger, exception, DatabaseName, CollectionName);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MongoDB result store ready: collection {DatabaseName}.{CollectionName}, initialized in {ElapsedMilliseconds:0.0} ms.")]
    private static partial void LogInitialized(ILogger logger, string databaseName, string collectionName, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "MongoDB result store failed to create the indexes of {DatabaseName}.{CollectionName}.")]
    private static partial void LogInitializationFailed(ILogger logger, Exception exception, string databaseName, string collectionName);
}
