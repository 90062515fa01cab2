using MongoDB.Bson;
using XiP.Abstractions.Results;

namespace XiP.Results.Mongo.Tests;

public sealed class ResultIndexesTests
{
    [Fact]
    public void The_indexes_are_the_unique_key_and_one_per_filter_all_with_the_simple_collation()
    {
        var indexes = ResultIndexes.Models.Select(model => (model.Options.Name, Keys: Render.Keys(model.Keys), model.Options.Unique, Collation: model.Options.Collation?.ToBsonDocument())).ToList();

        Assert.Equal(
            [
                ("run_trade_measure", new BsonDocument { { "r", 1 }, { "t", 1 }, { "m", 1 } }, (bool?)true),
                ("run_measure_trade", new BsonDocument { { "r", 1 }, { "m", 1 }, { "t", 1 } }, null),
                ("run_book_trade_measure", new BsonDocument { { "r", 1 }, { "b", 1 }, { "t", 1 }, { "m", 1 } }, null),
            ],
            indexes.Select(index => (index.Name, index.Keys, index.Unique)));
        Assert.All(indexes, index => Assert.Equal(new BsonDocument("locale", "simple"), index.Collation));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, null, true)]
    [InlineData("PV", null, false)]
    [InlineData("PV", null, true)]
    [InlineData(null, "Rates", false)]
    [InlineData(null, "Rates", true)]
    [InlineData("PV", "Rates", false)]
    [InlineData("PV", "Rates", true)]
    public void Every_page_query_hints_an_index_that_yields_its_sort_order_without_sorting(string? measure, string? book, bool withCursor)
    {
        var page = PageQuery.Create(new ResultQuery("run-1", measure, book, null, 10), withCursor ? ("T5", "DV01") : null, 10);

        // The sort is the page order, (trade, measure), less a measure fixed by the filter; the index yields it
        // without sorting when its keys, once the fields fixed by equality are taken out, begin with the sort.
        var keys = Render.Keys(ResultIndexes.Models.Single(model => model.Options.Name == page.Hint).Keys);
        var equalities = page.Filter.Names.Where(name => page.Filter[name].BsonType == BsonType.String).ToHashSet();
        string[] order = equalities.Contains("m") ? ["t"] : ["t", "m"];
        Assert.Equal(order, page.Sort.Names);
        Assert.All(page.Sort.Values.Concat(keys.Values), direction => Assert.Equal(1, direction.AsInt32));
        Assert.Equal("r", keys.Names.First());
        Assert.Equal(order, keys.Names.Where(name => !equalities.Contains(name)).Take(order.Length));
    }
}
