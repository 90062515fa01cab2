using MongoDB.Bson;
using MongoDB.Driver;
using XiP.Abstractions.Results;

namespace XiP.Results.Mongo.Tests;

/// <summary>The find command of each kind of page, as the driver renders it.</summary>
public sealed class PageQueryTests
{
    private const string Run = "run-1";

    private static readonly BsonDocument ByTradeThenMeasure = new() { { "t", 1 }, { "m", 1 } };
    private static readonly BsonDocument ByTrade = new("t", 1);

    [Fact]
    public void A_first_page_without_filters_reads_the_run_in_key_order()
    {
        var page = PageQuery.Create(new ResultQuery(Run, null, null, null, 100), null, 100);

        Assert.Equal(new BsonDocument("r", Run), page.Filter);
        Assert.Equal(ByTradeThenMeasure, page.Sort);
        Assert.Equal("run_trade_measure", page.Hint);
        Assert.Equal(101, page.Limit);
    }

    [Fact]
    public void A_later_page_starts_after_the_cursor_key_with_a_range_on_the_trade()
    {
        var page = PageQuery.Create(new ResultQuery(Run, null, null, "ignored", 100), ("T5", "DV01"), 100);

        var expected = new BsonDocument
        {
            { "r", Run },
            { "t", new BsonDocument("$gte", "T5") },
            { "$or", new BsonArray { new BsonDocument("t", new BsonDocument("$gt", "T5")), new BsonDocument("m", new BsonDocument("$gt", "DV01")) } },
        };
        Assert.Equal(expected, page.Filter);
        Assert.Equal(ByTradeThenMeasure, page.Sort);
        Assert.Equal("run_trade_measure", page.Hint);
    }

    [Fact]
    public void A_book_filter_keeps_the_key_order_on_the_book_index()
    {
        var first = PageQuery.Create(new ResultQuery(Run, null, "Rates", null, 7), null, 7);
        var later = PageQuery.Create(new ResultQuery(Run, null, "Rates", null, 7), ("T5", "DV01"), 7);

        Assert.Equal(new BsonDocument { { "r", Run }, { "b", "Rates" } }, first.Filter);
        Assert.Equal(
            new BsonDocument
            {
                { "r", Run },
                { "b", "Rates" },
                { "t", new BsonDocument("$gte", "T5") },
                { "$or", new BsonArray { new BsonDocument("t", new BsonDocument("$gt", "T5")), new BsonDocument("m", new BsonDocument("$gt", "DV01")) } },
            },
            later.Filter);
        Assert.All(new[] { first, later }, page =>
        {
            Assert.Equal(ByTradeThenMeasure, page.Sort);
            Assert.Equal("run_book_trade_measure", page.Hint);
            Assert.Equal(8, page.Limit);
        });
    }

    [Theory]
    [InlineData("PV", "DV01", "$gte")] // PV > DV01: the cursor's trade may still have PV after DV01
    [InlineData("DV01", "DV01", "$gt")] // the cursor record itself was the trade's DV01
    [InlineData("CS01", "DV01", "$gt")] // CS01 < DV01: the cursor's trade has no CS01 left
    [InlineData("\uFF5E", "\U0001F600", "$gt")] // UTF-16 order says greater, UTF-8 (the server's) says less
    [InlineData("\U0001F600", "\uFF5E", "$gte")]
    public void A_measure_filter_bounds_the_trade_alone_by_comparing_the_measures_as_UTF8(string measure, string cursorMeasure, string op)
    {
        var page = PageQuery.Create(new ResultQuery(Run, measure, null, null, 50), ("T5", cursorMeasure), 50);

        Assert.Equal(new BsonDocument { { "r", Run }, { "m", measure }, { "t", new BsonDocument(op, "T5") } }, page.Filter);
        Assert.Equal(ByTrade, page.Sort);
        Assert.Equal("run_measure_trade", page.Hint);
    }

    [Fact]
    public void Measure_and_book_together_use_the_book_index_sorted_by_trade()
    {
        var page = PageQuery.Create(new ResultQuery(Run, "PV", "Credit", null, 5), ("T5", "PV"), 5);

        Assert.Equal(new BsonDocument { { "r", Run }, { "m", "PV" }, { "b", "Credit" }, { "t", new BsonDocument("$gt", "T5") } }, page.Filter);
        Assert.Equal(ByTrade, page.Sort);
        Assert.Equal("run_book_trade_measure", page.Hint);
    }

    [Fact]
    public void The_find_options_carry_the_sort_hint_limit_projection_and_simple_collation()
    {
        var page = PageQuery.Create(new ResultQuery(Run, null, "Rates", null, 250), null, 250);

        var options = page.ToFindOptions();

        Assert.Equal(ByTradeThenMeasure, Render.Sort(options.Sort));
        Assert.Equal(new BsonDocument { { "_id", 0 }, { "r", 0 } }, Render.Projection(options.Projection));
        Assert.Equal(new BsonString("run_book_trade_measure"), options.Hint);
        Assert.Equal(251, options.Limit);
        Assert.Equal(251, options.BatchSize);
        Assert.Equal(Collation.Simple.ToBsonDocument(), options.Collation.ToBsonDocument());
        Assert.Equal(new BsonDocument("locale", "simple"), options.Collation.ToBsonDocument());
    }
}
