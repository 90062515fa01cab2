using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace XiP.Results.Mongo.Tests;

/// <summary>How a run block is a document, through the driver's own BSON writer and reader; no server.</summary>
public sealed class BlockDocumentTests
{
    private static readonly BsonDocument SimpleCollation = new("locale", "simple");

    public static TheoryData<string, int, string, int> Blocks => new()
    {
        { "run-1", RunParts.ManifestBlock, RunParts.Manifest, 120 },
        { "run-1", 0, RunParts.Keys, 0 },
        { "run/\U0001F600 中文 a\0b", int.MaxValue, RunParts.Values("pv01"), 3 },
        { "run-2", 17, RunParts.Trades, 1024 * 1024 },
    };

    [Theory]
    [MemberData(nameof(Blocks))]
    public void A_block_is_a_document_of_r_b_p_and_d_in_those_BSON_types(string runId, int block, string part, int length)
    {
        var data = Bytes(length);

        var document = BlockDocument.From(runId, new RunBlock(block, part, data));

        Assert.Equal(["r", "b", "p", "d"], document.Names);
        Assert.Equal([BsonType.String, BsonType.Int32, BsonType.String, BsonType.Binary], document.Values.Select(v => v.BsonType));
        Assert.Equal(runId, document["r"].AsString);
        Assert.Equal(block, document["b"].AsInt32);
        Assert.Equal(part, document["p"].AsString);
        Assert.Equal(BsonBinarySubType.Binary, document["d"].AsBsonBinaryData.SubType);
        Assert.Equal(data, document["d"].AsByteArray);
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void A_block_document_round_trips_through_BSON_byte_exactly(string runId, int block, string part, int length)
    {
        var data = Bytes(length);
        var document = BlockDocument.From(runId, new RunBlock(block, part, data));

        var read = BsonSerializer.Deserialize<BsonDocument>(document.ToBson());

        Assert.Equal(document, read);
        Assert.Equal(data, read["d"].AsByteArray);
        Assert.Equal(runId, read["r"].AsString);
    }

    [Fact]
    public void The_upsert_replaces_the_document_of_exactly_its_run_block_and_part_under_the_simple_collation()
    {
        var block = new RunBlock(3, RunParts.Values("pv"), Bytes(10));

        var upsert = BlockDocument.Upsert("run-1", block);

        Assert.Equal(new BsonDocument { { "r", "run-1" }, { "b", 3 }, { "p", "v-pv" } }, Render.Filter(upsert.Filter));
        Assert.Equal(BsonType.Int32, Render.Filter(upsert.Filter)["b"].BsonType);
        Assert.Equal(BlockDocument.From("run-1", block), upsert.Replacement);
        Assert.True(upsert.IsUpsert);
        Assert.Equal(SimpleCollation, upsert.Collation.ToBsonDocument());
    }

    [Fact]
    public void Key_and_ByRun_filter_on_exactly_the_key_and_the_run()
    {
        Assert.Equal(new BsonDocument { { "r", "run-1" }, { "b", -1 }, { "p", "run" } }, BlockDocument.Key("run-1", RunParts.ManifestBlock, RunParts.Manifest));
        Assert.Equal(new BsonDocument("r", "run-1"), BlockDocument.ByRun("run-1"));
    }

    [Fact]
    public void The_key_index_is_unique_on_run_block_and_part_with_the_simple_collation()
    {
        var index = BlockDocument.KeyIndex;

        Assert.Equal(new BsonDocument { { "r", 1 }, { "b", 1 }, { "p", 1 } }, Render.Keys(index.Keys));
        Assert.Equal("ux_run_block_part", index.Options.Name);
        Assert.True(index.Options.Unique);
        Assert.Equal(SimpleCollation, index.Options.Collation.ToBsonDocument());
    }

    [Fact]
    public void Every_field_the_store_queries_is_in_the_key_index_in_order()
    {
        // The run's list and delete filter on r alone, the key's get on all three: both are prefixes of the unique index.
        var keys = Render.Keys(BlockDocument.KeyIndex.Keys).Names.ToList();

        Assert.Equal(BlockDocument.ByRun("r").Names, keys.Take(1));
        Assert.Equal(BlockDocument.Key("r", 0, "p").Names, keys);
    }

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
