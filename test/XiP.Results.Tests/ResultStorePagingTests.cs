using XiP.Abstractions.Results;
using XiP.Results.Sqlite;

namespace XiP.Results.Tests;

/// <summary>
/// Paging a real run through <see cref="ResultStore"/>: every record once, in (trade code-point, measure) order,
/// the values bit for bit, filters, and cursors. Run over the file store and over SQLite, to show the core
/// pages the same over any block store.
/// </summary>
public abstract class ResultStorePagingTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private IRunBlockStore? _blocks;

    protected SampleRun Run { get; } = SampleRun.Standard;

    protected ResultStore Store { get; private set; } = null!;

    protected string RunId { get; } = $"run-{Guid.NewGuid():N}";

    protected abstract IRunBlockStore OpenBlockStore(string directory);

    public async Task InitializeAsync()
    {
        _blocks = OpenBlockStore(_temp.Path);
        Store = new ResultStore(_blocks);
        await Store.InitializeAsync();
        await Run.WriteAsync(Store, RunId);

        // Another run with the same trades and keys, which no read of RunId may return.
        await Run.WriteAsync(Store, RunId + "-other");
    }

    public Task DisposeAsync()
    {
        (_blocks as IDisposable)?.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)] // a block's trades
    [InlineData(64)] // a block's records
    [InlineData(150)] // a divisor of the run's 600 records: every page full, the last one too
    [InlineData(600)] // exactly every record
    [InlineData(601)]
    [InlineData(10_000)]
    public async Task Paging_returns_every_record_once_in_trade_then_measure_order_bit_for_bit(int limit)
    {
        var pages = await ReadPagesAsync(new ResultQuery(RunId, null, null, null, limit));

        Assert.Equal((Run.RecordCount + limit - 1) / limit, pages.Count);
        Assert.All(pages.SkipLast(1), page => Assert.Equal(limit, page.Count));
        Assert.Null(pages[^1].NextCursor);
        PageRecord.AssertSame(Run.Expected(), pages.SelectMany(PageRecord.Of));
        Assert.All(pages, page => Assert.Equal(Run.Manifest.Markets, page.Markets));
    }

    [Fact]
    public async Task A_last_page_that_is_exactly_full_has_no_next_cursor()
    {
        var total = Run.RecordCount;
        var first = await Store.ReadPageAsync(new ResultQuery(RunId, null, null, null, total - 1));
        var rest = await Store.ReadPageAsync(new ResultQuery(RunId, null, null, first.NextCursor, 1));
        var all = await Store.ReadPageAsync(new ResultQuery(RunId, null, null, null, total));

        Assert.NotNull(first.NextCursor);
        Assert.Equal(1, rest.Count);
        Assert.Null(rest.NextCursor);
        Assert.Equal(total, all.Count);
        Assert.Null(all.NextCursor);
    }

    [Fact]
    public async Task Failed_trades_read_as_errors_with_a_row_of_zeros()
    {
        var records = (await ReadAllAsync(new ResultQuery(RunId, null, null, null, 100))).ToList();

        var failed = records.Where(r => r.Error is not null).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, r => Assert.All(r.Values, v => Assert.Equal(0L, BitConverter.DoubleToInt64Bits(v))));
        Assert.Equal(Run.Expected().Count(r => r.Error is not null), failed.Count);
    }

    [Theory]
    [InlineData("pv", 1)]
    [InlineData("pv", 7)]
    [InlineData("pv01", 1000)]
    [InlineData("delta", 16)]
    [InlineData("vega", 3)]
    public async Task A_measure_filter_pages_through_only_that_measure(string measure, int limit)
    {
        var read = await ReadAllAsync(new ResultQuery(RunId, measure, null, null, limit));

        PageRecord.AssertSame(Run.Expected(measure: measure), read);
        Assert.Equal(Run.Manifest.Trades, read.Count);
    }

    [Theory]
    [InlineData("rates", 1)]
    [InlineData("credit", 7)]
    [InlineData("équités", 64)]
    [InlineData("default", 1000)]
    public async Task A_book_filter_pages_through_only_that_book(string book, int limit)
    {
        var read = await ReadAllAsync(new ResultQuery(RunId, null, book, null, limit));

        Assert.NotEmpty(read);
        PageRecord.AssertSame(Run.Expected(book: book), read);
    }

    [Theory]
    [InlineData("pv", "rates", 1)]
    [InlineData("delta", "credit", 5)]
    [InlineData("vega", "fx", 1000)]
    public async Task Measure_and_book_filters_combine(string measure, string book, int limit)
    {
        var read = await ReadAllAsync(new ResultQuery(RunId, measure, book, null, limit));

        Assert.NotEmpty(read);
        PageRecord.AssertSame(Run.Expected(measure: measure, book: book), read);
    }

    [Theory]
    [InlineData("PV", null)]
    [InlineData("theta", null)]
    [InlineData("v-pv", null)]
    [InlineData(null, "Rates")]
    [InlineData(null, "rates ")]
    [InlineData(null, "no-such-book")]
    [InlineData("pv", "no-such-book")]
    public async Task A_filter_that_matches_nothing_exactly_reads_an_empty_page(string? measure, string? book)
    {
        var page = await Store.ReadPageAsync(new ResultQuery(RunId, measure, book, null, 100));

        Assert.Equal(0, page.Count);
        Assert.Empty(page.Values);
        Assert.Null(page.NextCursor);
    }

    public static TheoryData<string?, string?, string?, string?> FilterPairs()
    {
        (string? Measure, string? Book)[] filters = [(null, null), ("pv", null), ("delta", null), ("vega", null), (null, "credit"), ("pv01", "rates")];
        var data = new TheoryData<string?, string?, string?, string?>();
        foreach (var made in filters)
        {
            foreach (var used in filters)
            {
                data.Add(made.Measure, made.Book, used.Measure, used.Book);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FilterPairs))]
    public async Task A_cursor_made_under_one_filter_continues_after_its_record_under_another(string? madeMeasure, string? madeBook, string? usedMeasure, string? usedBook)
    {
        var cursors = new List<(string Cursor, PageRecord Last)>();
        string? cursor = null;
        do
        {
            var page = await Store.ReadPageAsync(new ResultQuery(RunId, madeMeasure, madeBook, cursor, 11));
            cursor = page.NextCursor;
            if (cursor is not null)
            {
                cursors.Add((cursor, PageRecord.Of(page)[^1]));
            }
        }
        while (cursor is not null);

        Assert.NotEmpty(cursors);
        foreach (var (next, last) in cursors.Where((_, i) => i % 3 == 0))
        {
            var after = Run.PositionOf(last);
            var read = await ReadAllAsync(new ResultQuery(RunId, usedMeasure, usedBook, next, 1000));

            PageRecord.AssertSame(Run.Records.Skip(after + 1).Select(r => r.Record).Where(r => (usedMeasure ?? r.Measure) == r.Measure && (usedBook ?? r.Book) == r.Book), read);
        }
    }

    /// <summary>Every page from the query's cursor to the end.</summary>
    protected async Task<List<ResultPageData>> ReadPagesAsync(ResultQuery query)
    {
        var pages = new List<ResultPageData>();
        var cursor = query.Cursor;
        do
        {
            Assert.True(pages.Count <= Run.RecordCount, "paging does not end");
            var page = await Store.ReadPageAsync(query with { Cursor = cursor });
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return pages;
    }

    /// <summary>Every record from the query's cursor to the end, checking that every page but the last is full.</summary>
    protected async Task<List<PageRecord>> ReadAllAsync(ResultQuery query)
    {
        var pages = await ReadPagesAsync(query);
        Assert.All(pages.SkipLast(1), page => Assert.Equal(query.Limit, page.Count));
        return pages.SelectMany(PageRecord.Of).ToList();
    }
}

/// <summary>The paging tests over <see cref="FileBlockStore"/>.</summary>
public sealed class FileResultStorePagingTests : ResultStorePagingTests
{
    protected override IRunBlockStore OpenBlockStore(string directory) => new FileBlockStore(Path.Combine(directory, "blocks"));
}

/// <summary>The paging tests over <see cref="SqliteBlockStore"/>.</summary>
public sealed class SqliteResultStorePagingTests : ResultStorePagingTests
{
    protected override IRunBlockStore OpenBlockStore(string directory)
        => new SqliteBlockStore(new SqliteResultStoreOptions { DataSource = Path.Combine(directory, "results.db") });
}
