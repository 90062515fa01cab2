using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Bson;
using MongoDB.Driver;
using XiP.Abstractions.Results;
using XiP.Results.Tests;

namespace XiP.Results.Mongo.Tests;

/// <summary>
/// The contract against a live MongoDB server at <c>XIP_MONGO_URL</c>, plus what is particular to MongoDB.
/// Every test gets a database of its own, dropped afterwards. Without the variable every test here is
/// reported as skipped.
/// </summary>
[SkipUnlessEnvironment(UrlVariable, "a MongoDB URL such as mongodb://127.0.0.1:27017")]
public sealed class MongoResultStoreTests : ResultStoreContractTests
{
    private const string UrlVariable = "XIP_MONGO_URL";

    private readonly string _url = Environment.GetEnvironmentVariable(UrlVariable)!;
    private readonly string _databaseName = $"xip_test_{Guid.NewGuid():N}";
    private readonly MongoClient _client;

    public MongoResultStoreTests() => _client = new MongoClient(_url);

    private IMongoCollection<BsonDocument> Collection => _client.GetDatabase(_databaseName).GetCollection<BsonDocument>("run_results");

    protected override Task<IResultStore> OpenStoreAsync()
        => Task.FromResult<IResultStore>(new MongoResultStore(new MongoResultStoreOptions { ConnectionString = _url, DatabaseName = _databaseName }));

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await _client.DropDatabaseAsync(_databaseName);
            _client.Dispose();
        }
    }

    [StoreFact]
    public async Task InitializeAsync_creates_the_collection_with_its_indexes()
    {
        await NewStoreAsync();

        var indexes = await (await Collection.Indexes.ListAsync()).ToListAsync();

        Assert.Equal(
            [
                ("_id_", new BsonDocument("_id", 1), false),
                ("run_trade_measure", new BsonDocument { { "r", 1 }, { "t", 1 }, { "m", 1 } }, true),
                ("run_measure_trade", new BsonDocument { { "r", 1 }, { "m", 1 }, { "t", 1 } }, false),
                ("run_book_trade_measure", new BsonDocument { { "r", 1 }, { "b", 1 }, { "t", 1 }, { "m", 1 } }, false),
            ],
            indexes
                .Select(index => (index["name"].AsString, index["key"].AsBsonDocument, index.GetValue("unique", false).ToBoolean()))
                .OrderBy(index => index.Item1 == "_id_" ? 0 : 1)
                .ThenBy(index => ResultIndexes.Models.Select(model => model.Options.Name).ToList().IndexOf(index.Item1)));

        // Simple is the collection's default here, so the server stores no collation on the indexes.
        Assert.All(indexes, index => Assert.False(index.Contains("collation"), index.ToJson()));
    }

    [StoreFact]
    public async Task Stored_documents_have_the_documented_shape_and_a_replacement_keeps_the_id()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var first = new ResultRecord(run, "T1", "PV", "Rates", 1, [1.5, -0.0, double.NaN], null);
        var second = new ResultRecord(run, "T1", "PV", "Credit", 2, null, "failed");

        await store.UpsertAsync([first]);
        var stored = await Collection.Find(new BsonDocument("r", run)).SingleAsync();
        await store.UpsertAsync([second]);
        var replaced = await Collection.Find(new BsonDocument("r", run)).SingleAsync();

        Assert.Equal(BsonType.ObjectId, stored["_id"].BsonType);
        Assert.Equal(new BsonDocument("_id", stored["_id"]).AddRange(ResultDocument.FromRecord(first)), stored);
        Assert.Equal(new BsonDocument("_id", stored["_id"]).AddRange(ResultDocument.FromRecord(second)), replaced);
    }

    [StoreFact]
    public async Task Every_page_query_runs_on_its_hinted_index_without_an_in_memory_sort()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        await store.UpsertAsync(Enumerable.Range(0, 50).Select(i => new ResultRecord(run, $"T{i:D2}", i % 2 == 0 ? "PV" : "DV01", i % 3 == 0 ? "Rates" : "FX", 1, [i], null)).ToArray());

        foreach (var (measure, book) in new[] { ((string?)null, (string?)null), ("PV", null), (null, "Rates"), ("PV", "Rates") })
        {
            foreach (var after in new[] { ((string, string)?)null, ("T10", "DV01") })
            {
                var page = PageQuery.Create(new ResultQuery(run, measure, book, null, 10), after, 10);
                var explain = await _client.GetDatabase(_databaseName).RunCommandAsync<BsonDocument>(new BsonDocument
                {
                    {
                        "explain", new BsonDocument
                        {
                            { "find", "run_results" },
                            { "filter", page.Filter },
                            { "sort", page.Sort },
                            { "projection", PageQuery.Projection },
                            { "hint", page.Hint },
                            { "limit", page.Limit },
                            { "collation", Collation.Simple.ToBsonDocument() },
                        }
                    },
                    { "verbosity", "queryPlanner" },
                });

                var stages = Stages(explain["queryPlanner"]["winningPlan"]).ToList();
                var context = $"{page.Filter} -> {string.Join(", ", stages.Select(stage => $"{stage.Stage}:{stage.Index}"))}";
                Assert.True(stages.Any(stage => stage.Stage == "IXSCAN" && stage.Index == page.Hint), context);
                Assert.True(stages.All(stage => stage.Stage != "SORT"), context);
                Assert.True(stages.All(stage => stage.Index is null || stage.Index == page.Hint), context);
            }
        }
    }

    [StoreFact]
    public async Task A_default_collation_on_the_collection_does_not_change_keys_or_order()
    {
        // A collection someone created case-insensitive: the store's indexes and queries still compare bytes.
        await _client.GetDatabase(_databaseName).CreateCollectionAsync(
            "run_results",
            new CreateCollectionOptions { Collation = new Collation("en", strength: CollationStrength.Secondary) });
        var store = await NewStoreAsync();
        var run = NewRunId();
        var records = new[] { "b", "B", "a", "A", "\u00e4" }
            .SelectMany(t => new[] { "pv", "PV" }.Select(m => new ResultRecord(run, t, m, t.ToUpperInvariant(), 1, [t[0], m[0]], null)))
            .ToArray();

        await store.UpsertAsync(records);

        Assert.Equal(records.Length, await store.CountAsync(run));
        AssertSameRecords(Sorted(records), await ReadAllAsync(store, new ResultQuery(run, null, null, null, 3)));
        AssertSameRecords(Sorted(records.Where(r => r.Measure == "pv")), await ReadAllAsync(store, new ResultQuery(run, "pv", null, null, 2)));
        AssertSameRecords(Sorted(records.Where(r => r.Book == "A")), await ReadAllAsync(store, new ResultQuery(run, null, "A", null, 1)));
    }

    [StoreFact]
    public async Task A_batch_with_a_bad_record_writes_nothing()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(
        [
            new ResultRecord(run, "T1", "PV", "Rates", 1, [1.0], null),
            new ResultRecord(run, $"T{(char)0xD800}", "PV", "Rates", 1, [2.0], null),
        ]));

        Assert.Equal(0, await store.CountAsync(run));
    }

    [StoreFact]
    public async Task Host_start_creates_the_indexes()
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
            Assert.Equal(["_id_", "run_book_trade_measure", "run_measure_trade", "run_trade_measure"], names.Order(StringComparer.Ordinal));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Every plan stage under <paramref name="plan"/> with its index, whatever the engine's explain layout.</summary>
    private static IEnumerable<(string Stage, string? Index)> Stages(BsonValue plan)
    {
        if (plan is BsonDocument document)
        {
            if (document.TryGetValue("stage", out var stage) && stage.IsString)
            {
                yield return (stage.AsString, document.TryGetValue("indexName", out var index) && index.IsString ? index.AsString : null);
            }

            foreach (var child in document.Values.SelectMany(Stages))
            {
                yield return child;
            }
        }
        else if (plan is BsonArray array)
        {
            foreach (var child in array.SelectMany(Stages))
            {
                yield return child;
            }
        }
    }
}
