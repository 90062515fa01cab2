using MongoDB.Bson;
using MongoDB.Driver;

namespace XiP.Results.Mongo;

/// <summary>
/// How a run block is a document: <c>{ r: run id, b: block, p: part, d: binary }</c>, unique on (r, b, p), which also
/// serves the per-run list and delete. Ids go in as UTF-8 strings, so a string with a lone UTF-16 surrogate is refused.
/// </summary>
internal static class BlockDocument
{
    public const string Run = "r";
    public const string Block = "b";
    public const string Part = "p";
    public const string Data = "d";
    public const string KeyIndexName = "ux_run_block_part";

    public static CreateIndexModel<BsonDocument> KeyIndex { get; } = new(
        new BsonDocumentIndexKeysDefinition<BsonDocument>(new BsonDocument { { Run, 1 }, { Block, 1 }, { Part, 1 } }),
        new CreateIndexOptions { Name = KeyIndexName, Unique = true, Collation = Collation.Simple });

    public static BsonDocument Key(string runId, int block, string part) => new() { { Run, runId }, { Block, block }, { Part, part } };

    public static BsonDocument ByRun(string runId) => new(Run, runId);

    public static BsonDocument From(string runId, RunBlock block) =>
        new() { { Run, runId }, { Block, block.Block }, { Part, block.Part }, { Data, new BsonBinaryData(block.Data.ToArray()) } };

    public static ReplaceOneModel<BsonDocument> Upsert(string runId, RunBlock block) =>
        new(Key(runId, block.Block, block.Part), From(runId, block)) { IsUpsert = true, Collation = Collation.Simple };
}
