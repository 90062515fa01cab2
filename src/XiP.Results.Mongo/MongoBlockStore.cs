using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace XiP.Results.Mongo;

/// <summary>
/// <see cref="IRunBlockStore"/> of a cluster on MongoDB: one document per (run, block, part) in one collection
/// (<see cref="BlockDocument"/>). A call's blocks go as one unordered bulk of replace-upserts; MongoDB has no
/// transaction across them without a replica set, so a call may land in part — the batch that made it is then
/// retried and overwrites the same keys.
/// </summary>
[DebuggerDisplay("MongoBlockStore:{DatabaseName}.{CollectionName}")]
public sealed partial class MongoBlockStore : IRunBlockStore, IDisposable
{
    private static readonly BulkWriteOptions Unordered = new() { IsOrdered = false };
    private static readonly FindOptions SimpleFind = new() { Collation = Collation.Simple };
    private static readonly DeleteOptions SimpleDelete = new() { Collation = Collation.Simple };
    private readonly MongoClient _client;
    private readonly IMongoCollection<BsonDocument> _collection;
    private readonly ILogger _logger;
    private readonly SharedInitialization _initialization;
    private readonly string _legacyCollection;

    public MongoBlockStore(MongoResultStoreOptions options, ILogger<MongoBlockStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        MongoResultStoreOptionsValidator.ThrowIfInvalid(options);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        DatabaseName = options.DatabaseName;
        CollectionName = options.CollectionName;
        _legacyCollection = options.LegacyCollectionName;
        _client = new MongoClient(MongoClientSettings.FromConnectionString(options.ConnectionString));
        _collection = _client.GetDatabase(DatabaseName).GetCollection<BsonDocument>(CollectionName);
        _initialization = new SharedInitialization(InitializeCoreAsync);
    }

    public string DatabaseName { get; }

    public string CollectionName { get; }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => _initialization.EnsureAsync(cancellationToken);

    public async Task PutAsync(string runId, IReadOnlyList<RunBlock> blocks, CancellationToken cancellationToken = default)
    {
        RequireWellFormed(runId, nameof(runId));
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            return;
        }

        // the last of a key given twice wins, as for the other stores: an unordered bulk may run its operations in any order
        var latest = new Dictionary<(int Block, string Part), RunBlock>();
        foreach (var block in blocks)
        {
            latest[(block.Block, block.Part)] = block;
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _collection.BulkWriteAsync(latest.Values.Select(b => BlockDocument.Upsert(runId, b)), Unordered, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]?> GetAsync(string runId, int block, string part, CancellationToken cancellationToken = default)
    {
        RequireWellFormed(runId, nameof(runId));
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var found = await _collection.Find(BlockDocument.Key(runId, block, part), SimpleFind).Project(new BsonDocument(BlockDocument.Data, 1)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return found?[BlockDocument.Data].AsByteArray;
    }

    public async Task<IReadOnlyList<RunBlockKey>> ListAsync(string runId, CancellationToken cancellationToken = default)
    {
        RequireWellFormed(runId, nameof(runId));
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var projection = new BsonDocument { { "_id", 0 }, { BlockDocument.Block, 1 }, { BlockDocument.Part, 1 } };
        var documents = await _collection.Find(BlockDocument.ByRun(runId), SimpleFind).Project(projection).ToListAsync(cancellationToken).ConfigureAwait(false);
        return documents.Select(d => new RunBlockKey(d[BlockDocument.Block].AsInt32, d[BlockDocument.Part].AsString)).ToList();
    }

    public async Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        RequireWellFormed(runId, nameof(runId));
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _collection.DeleteManyAsync(BlockDocument.ByRun(runId), SimpleDelete, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Whether every surrogate of <paramref name="value"/> is half of a pair: UTF-8, and so BSON, has no other.</summary>
    internal static bool IsWellFormed(string value)
    {
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

    private static void RequireWellFormed(string runId, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId, paramName);
        if (!IsWellFormed(runId))
        {
            throw new ArgumentException("The run id holds a lone UTF-16 surrogate, which MongoDB cannot store.", paramName);
        }
    }

    private async Task InitializeCoreAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var database = _client.GetDatabase(DatabaseName);
        var legacy = database.GetCollection<BsonDocument>(_legacyCollection);
        var rows = await legacy.EstimatedDocumentCountAsync().ConfigureAwait(false);
        if (rows > 0)
        {
            throw new LegacyResultsException(
                $"The MongoDB database {DatabaseName} holds about {rows} results in the format of XiP before block storage (collection {_legacyCollection}). "
                + "This version cannot read them and never reads them as blocks. Read what you need with the previous version "
                + $"(GET /v1/runs/{{id}}/results), then drop the collection (db.{_legacyCollection}.drop()) and start again.");
        }

        await _collection.Indexes.CreateOneAsync(BlockDocument.KeyIndex).ConfigureAwait(false);
        LogInitialized(_logger, DatabaseName, CollectionName, stopwatch.Elapsed.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MongoDB result store ready: collection {DatabaseName}.{CollectionName}, initialized in {ElapsedMilliseconds:0.0} ms.")]
    private static partial void LogInitialized(ILogger logger, string databaseName, string collectionName, double elapsedMilliseconds);
}
