using MongoDB.Bson;
using MongoDB.Driver;
using XiP.Abstractions.Results;

namespace XiP.Results.Mongo;

/// <summary>The find command that reads one page: a keyset range over an index in (trade, measure) order.</summary>
/// <param name="Filter">The run, the optional filters, and the position after the cursor.</param>
/// <param name="Sort">(trade, measure), or trade alone when the measure is fixed.</param>
/// <param name="Hint">The index whose order is the page order, so that no plan sorts in memory.</param>
/// <param name="Limit">One more than the page size: the extra document tells whether another page follows.</param>
internal sealed record PageQuery(BsonDocument Filter, BsonDocument Sort, string Hint, int Limit)
{
    /// <summary>Every field but <c>_id</c> and the run id, which the query already knows.</summary>
    public static BsonDocument Projection => new() { { ResultDocument.Id, 0 }, { ResultDocument.Run, 0 } };

    /// <summary>The query for a page of at most <paramref name="pageSize"/> records after <paramref name="after"/>.</summary>
    public static PageQuery Create(ResultQuery query, (string TradeId, string Measure)? after, int pageSize)
    {
        var filter = new BsonDocument(ResultDocument.Run, query.RunId);
        if (query.Measure is not null)
        {
            filter.Add(ResultDocument.Measure, query.Measure);
        }

        if (query.Book is not null)
        {
            filter.Add(ResultDocument.Book, query.Book);
        }

        if (after is { } position)
        {
            var (tradeId, measure) = position;
            if (query.Measure is null)
            {
                // (t, m) > (T, M) as t >= T and (t > T or m > M): the first half bounds the index scan, the second
                // drops the few entries of trade T at or before M.
                filter.Add(ResultDocument.Trade, new BsonDocument("$gte", tradeId));
                filter.Add("$or", new BsonArray
                {
                    new BsonDocument(ResultDocument.Trade, new BsonDocument("$gt", tradeId)),
                    new BsonDocument(ResultDocument.Measure, new BsonDocument("$gt", measure)),
                });
            }
            else
            {
                // With the measure fixed, (t, measure) > (T, M) is t > T, or t >= T when measure > M.
                var op = ResultCursor.CompareUtf8(query.Measure, measure) > 0 ? "$gte" : "$gt";
                filter.Add(ResultDocument.Trade, new BsonDocument(op, tradeId));
            }
        }

        var sort = query.Measure is null
            ? new BsonDocument { { ResultDocument.Trade, 1 }, { ResultDocument.Measure, 1 } }
            : new BsonDocument(ResultDocument.Trade, 1);
        var hint = query.Book is not null ? ResultIndexes.ByBook
            : query.Measure is not null ? ResultIndexes.ByMeasure
            : ResultIndexes.ByTrade;
        return new PageQuery(filter, sort, hint, pageSize + 1);
    }

    /// <summary>The options of the find command; the first batch holds the whole page where it fits in 16 MiB.</summary>
    public FindOptions<BsonDocument> ToFindOptions() => new()
    {
        Sort = Sort,
        Projection = Projection,
        Hint = Hint,
        Limit = Limit,
        BatchSize = Limit,
        Collation = Collation.Simple,
    };
}
