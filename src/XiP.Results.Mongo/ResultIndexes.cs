using MongoDB.Bson;
using MongoDB.Driver;

namespace XiP.Results.Mongo;

/// <summary>
/// The indexes of the result collection. All use the simple collation (binary comparison of the UTF-8
/// bytes), whatever the collection's default, so that their order is the page order of the contract.
/// </summary>
internal static class ResultIndexes
{
    /// <summary>(run, trade, measure), unique: the key that upserts match on, and the index of unfiltered pages, counts and deletes.</summary>
    public const string ByTrade = "run_trade_measure";

    /// <summary>(run, measure, trade): pages filtered by measure, in trade order.</summary>
    public const string ByMeasure = "run_measure_trade";

    /// <summary>(run, book, trade, measure): pages filtered by book, or by book and measure, in (trade, measure) order.</summary>
    public const string ByBook = "run_book_trade_measure";

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Models { get; } =
    [
        Model(ByTrade, unique: true, ResultDocument.Run, ResultDocument.Trade, ResultDocument.Measure),
        Model(ByMeasure, unique: false, ResultDocument.Run, ResultDocument.Measure, ResultDocument.Trade),
        Model(ByBook, unique: false, ResultDocument.Run, ResultDocument.Book, ResultDocument.Trade, ResultDocument.Measure),
    ];

    private static CreateIndexModel<BsonDocument> Model(string name, bool unique, params string[] fields)
    {
        var keys = new BsonDocument(fields.Select(field => new BsonElement(field, 1)));
        return new CreateIndexModel<BsonDocument>(
            new BsonDocumentIndexKeysDefinition<BsonDocument>(keys),
            new CreateIndexOptions { Name = name, Unique = unique ? true : null, Collation = Collation.Simple });
    }
}
