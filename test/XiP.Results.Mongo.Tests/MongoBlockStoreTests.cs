using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Bson;
using MongoDB.Driver;
using XiP.Results.Tests;

namespace XiP.Results.Mongo.Tests;

/// <summary>
/// The contract against a live MongoDB server at <c>XIP_MONGO_URL</c>, plus what is particular to MongoDB.
/// Every test gets a database of its own, dropped afterwards. Without the variable every test here is
/// reported as skipped.
/// </summary>
[SkipUnlessEnvironment(UrlVariable, "a MongoDB URL such as mongodb://127.0.0.1:27017")]
public sealed class MongoBlockStoreTests : RunBlockStoreContractTests
{
    private const string UrlVariable = "XIP_MONGO_URL";

    private readonly string _url = Environment.GetEnvironmentVariable(UrlVariable) ?? "mongodb://127.0.0.1:9";
    private readonly string _databaseName = $"xip_test_{Guid.NewGuid():N}";
    private readonly MongoClient _client;

    public MongoBlockStoreTests() => _client = new MongoClient(_url);

    private IMongoDatabase Database => _client.GetDatabase(_databaseName);

    private IMongoCollection<BsonDocument> Collection => Database.GetCollection<BsonDocument>("run_blocks");

    protected override Task<IRunBlockStore> OpenStoreAsync()
        => Task.FromResult<IRunBlockStore>(new MongoBlockStore(new MongoResultStoreOptions { ConnectionString = _url, DatabaseName = _databaseName }));

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
            if (Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 })
            {
                await _client.DropDatabaseAsync(_databaseName);
            }
        }
        finally
        {
            _client.Dispose();
        }
    }

    [StoreFact]
    public async Task InitializeAsync_creates_the_unique_key_index()
    {
        await NewStoreAsync();

        var indexes = await (await Collection.Indexes.ListAsync()).ToListAsync();

        var key = Assert.Single(indexes, index => index["name"].AsString == "ux_run_block_part");
        Assert.Equal(new BsonDocument { { "r", 1 }, { "b", 1 }, { "p", 1 } }, key["key"].AsBsonDocument);
        Assert.True(key["unique"].ToBoolean());
        Assert.Equal(["_id_", "ux_run_block_part"], indexes.Select(index => index["name"].AsString).Order(StringComparer.Ordinal));
    }

    [StoreFact]
    public async Task Stored_documents_have_the_documented_shape_and_one_per_key()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var block = new RunBlock(4, RunParts.Values("pv"), Bytes(1, 100));

        await store.PutAsync(run, [block with { Data = Bytes(2, 10) }]);
        await store.PutAsync(run, [block]);

        var stored = await Collection.Find(new BsonDocument("r", run)).SingleAsync();
        Assert.Equal(BsonType.ObjectId, stored["_id"].BsonType);
        Assert.Equal(new BsonDocument("_id", stored["_id"]).AddRange(BlockDocument.From(run, block)), stored);
    }

    [StoreFact]
    public async Task A_legacy_collection_with_documents_stops_initialization_saying_what_to_do()
    {
        await Database.GetCollection<BsonDocument>("run_results").InsertManyAsync([new BsonDocument { { "r", "run-1" }, { "t", "T1" } }, new BsonDocument { { "r", "run-1" }, { "t", "T2" } }]);
        using var store = new MongoBlockStore(new MongoResultStoreOptions { ConnectionString = _url, DatabaseName = _databaseName });

        var exception = await Assert.ThrowsAsync<LegacyResultsException>(() => store.InitializeAsync());

        Assert.Contains(_databaseName, exception.Message, StringComparison.Ordinal);
        Assert.Contains("db.run_results.drop()", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, await Database.GetCollection<BsonDocument>("run_results").CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [StoreFact]
    public async Task A_default_collation_on_the_collection_does_not_make_keys_or_runs_alike()
    {
        // A collection someone created case-insensitive: the store's index, reads and deletes still compare bytes.
        await Database.CreateCollectionAsync("run_blocks", new CreateCollectionOptions { Collation = new Collation("en", strength: CollationStrength.Secondary) });
        var store = await NewStoreAsync();
        var run = NewRunId();
        var upper = run.ToUpperInvariant();

        await store.PutAsync(run, [new RunBlock(0, "v-pv", Bytes(1, 8)), new RunBlock(0, "v-PV", Bytes(2, 8))]);
        await store.PutAsync(upper, [new RunBlock(0, "v-pv", Bytes(3, 8))]);

        AssertBlob(Bytes(1, 8), await store.GetAsync(run, 0, "v-pv"), "the lower-case part");
        AssertBlob(Bytes(2, 8), await store.GetAsync(run, 0, "v-PV"), "the upper-case part");
        AssertKeys([new(0, "v-pv"), new(0, "v-PV")], await store.ListAsync(run));
        await store.DeleteRunAsync(upper);
        AssertKeys([new(0, "v-pv"), new(0, "v-PV")], await store.ListAsync(run));
    }

    [StoreFact]
    public async Task Host_start_creates_the_index()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMongoResultStore(o =>
        {
            o.ConnectionString = _url;
            o.DatabaseName = _databaseName;
        });
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            var names = (await (await Collection.Indexes.ListAsync()).ToListAsync()).Select(index => index["name"].AsString);
            Assert.Equal(["_id_", "ux_run_block_part"], names.Order(StringComparer.Ordinal));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
