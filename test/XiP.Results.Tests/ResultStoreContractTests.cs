using XiP.Abstractions.Results;

namespace XiP.Results.Tests;

/// <summary>
/// What every <see cref="IResultStore"/> must do. A store's test class derives from this and says how to open
/// the store on its backing database; the same tests then run against SQLite, MongoDB, PostgreSQL.
/// </summary>
/// <remarks>
/// Every test uses fresh run ids, so a derived class may share one database between tests. Order is the
/// (trade id, measure) order of the UTF-8 bytes (Unicode code point order); the test data keeps to the Basic
/// Multilingual Plane, where that equals <see cref="string.CompareOrdinal(string, string)"/>. The tests are
/// <see cref="StoreFactAttribute"/>s, so a class for a store that needs a live server marks itself with
/// <see cref="SkipUnlessEnvironmentAttribute"/> and its tests are reported skipped where there is none.
/// </remarks>
public abstract class ResultStoreContractTests : IAsyncLifetime
{
    /// <summary>The page size a store clamps larger limits to.</summary>
    protected const int MaxPageSize = 10_000;

    private readonly List<IResultStore> _open = [];

    /// <summary>
    /// Opens a new store instance on this test's backing database, not yet initialized. Every call must reach
    /// the same data: a store opened after another was closed sees what the first one wrote.
    /// </summary>
    protected abstract Task<IResultStore> OpenStoreAsync();

    /// <summary>Releases a store from <see cref="OpenStoreAsync"/>; by default disposes it.</summary>
    protected virtual async ValueTask CloseStoreAsync(IResultStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _open)
        {
            await CloseStoreAsync(store);
        }

        _open.Clear();
    }

    [StoreFact]
    public async Task Values_round_trip_bit_exactly()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        double[] values =
        [
            0.0, -0.0, 1.0, -1.5, Math.PI, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
            double.PositiveInfinity, double.NegativeInfinity, double.NaN,
            BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234), // quiet NaN with a payload
            BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001)), // negative NaN with a payload
            BitConverter.Int64BitsToDouble(0x0000_0000_0000_0001), // smallest subnormal
            1e-310, 123456789.123456789,
        ];
        var record = new ResultRecord(run, "T1", "PV", "Rates", 7, values, null);

        await store.UpsertAsync([record]);
        var page = await store.ReadAsync(new ResultQuery(run, null, null, null, 10));

        var read = Assert.Single(page.Items);
        AssertSameRecord(record, read);
        Assert.Null(page.NextCursor);
    }

    [StoreFact]
    public async Task Empty_values_and_null_values_with_an_error_round_trip_distinctly()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        ResultRecord[] records =
        [
            new(run, "T1", "PV", "Rates", 1, [], null),
            new(run, "T2", "PV", "Rates", 2, null, "curve 'EUR-ESTR' is missing"),
            new(run, "T3", "PV", "Rates", 3, null, null),
            new(run, "T4", "PV", "Rates", 4, [1.0], string.Empty),
        ];

        await store.UpsertAsync(records);
        var page = await store.ReadAsync(new ResultQuery(run, null, null, null, 10));

        Assert.Equal(records.Length, page.Items.Count);
        for (var i = 0; i < records.Length; i++)
        {
            AssertSameRecord(records[i], page.Items[i]);
        }

        Assert.NotNull(page.Items[0].Values);
        Assert.Empty(page.Items[0].Values!);
        Assert.Null(page.Items[1].Values);
    }

    [StoreFact]
    public async Task Upserting_a_key_again_keeps_one_record_with_the_later_content()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var first = new ResultRecord(run, "T1", "PV", "Rates", 1, [1.0, 2.0, 3.0], null);
        var second = new ResultRecord(run, "T1", "PV", "Credit", 2, null, "retry failed");
        var third = new ResultRecord(run, "T1", "PV", "Credit", 3, [4.0], null);

        await store.UpsertAsync([first]);
        await store.UpsertAsync([second]);

        Assert.Equal(1, await store.CountAsync(run));
        AssertSameRecord(second, Assert.Single((await store.ReadAsync(new ResultQuery(run, null, null, null, 10))).Items));

        await store.UpsertAsync([third]);

        Assert.Equal(1, await store.CountAsync(run));
        AssertSameRecord(third, Assert.Single((await store.ReadAsync(new ResultQuery(run, null, null, null, 10))).Items));
    }

    [StoreFact]
    public async Task A_key_given_twice_in_one_batch_keeps_the_later_record()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var earlier = new ResultRecord(run, "T1", "PV", "Rates", 1, [1.0], null);
        var other = new ResultRecord(run, "T2", "PV", "Rates", 1, [2.0], null);
        var later = new ResultRecord(run, "T1", "PV", "Rates", 2, [3.0], null);

        await store.UpsertAsync([earlier, other, later]);

        var page = await store.ReadAsync(new ResultQuery(run, null, null, null, 10));
        Assert.Equal(2, page.Items.Count);
        AssertSameRecord(later, page.Items[0]);
        AssertSameRecord(other, page.Items[1]);
    }

    [StoreFact]
    public async Task A_retried_batch_leaves_the_count_and_the_content_unchanged()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var batch = Enumerable.Range(0, 500)
            .Select(i => new ResultRecord(run, $"T{i:D4}", i % 2 == 0 ? "PV" : "DV01", "Rates", 1, [i, -i, i * 0.5], null))
            .ToArray();

        await store.UpsertAsync(batch);
        await store.UpsertAsync(batch);
        await store.UpsertAsync(batch.Reverse().ToArray());

        Assert.Equal(batch.Length, await store.CountAsync(run));
        var all = await ReadAllAsync(store, new ResultQuery(run, null, null, null, 1000));
        AssertSameRecords(Sorted(batch), all);
    }

    [StoreFact]
    public async Task Paging_returns_every_record_exactly_once_in_trade_then_measure_order()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        string[] measures = ["PV", "DV01", "CS01", "Vega", "pv"];

        // 469 trades x 5 measures = 2,345 records. Unpadded ids, so ordinal order ("T10" < "T2") differs from
        // numeric order; written shuffled, in several batches.
        var records = Enumerable.Range(0, 469)
            .SelectMany(t => measures.Select(m => new ResultRecord(run, $"T{t}", m, $"B{t % 3}", t, [t, m.Length], null)))
            .ToArray();
        new Random(20240611).Shuffle(records);
        foreach (var chunk in records.Chunk(600))
        {
            await store.UpsertAsync(chunk);
        }

        var pages = new List<ResultPage>();
        string? cursor = null;
        do
        {
            var page = await store.ReadAsync(new ResultQuery(run, null, null, cursor, 100));
            pages.Add(page);
            cursor = page.NextCursor;
            Assert.True(pages.Count <= 30, "paging does not end");
        }
        while (cursor is not null);

        Assert.Equal(24, pages.Count);
        Assert.All(pages.SkipLast(1), page =>
        {
            Assert.Equal(100, page.Items.Count);
            Assert.NotNull(page.NextCursor);
        });
        Assert.Equal(45, pages[^1].Items.Count);
        Assert.Null(pages[^1].NextCursor);

        var read = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal(records.Length, read.Select(Key).Distinct().Count());
        AssertSameRecords(Sorted(records), read);
        Assert.Equal(records.Length, await store.CountAsync(run));
    }

    [StoreFact]
    public async Task A_last_page_that_is_exactly_full_has_no_next_cursor()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        await store.UpsertAsync(Enumerable.Range(0, 200).Select(i => new ResultRecord(run, $"T{i:D3}", "PV", "Rates", 1, [i], null)).ToArray());

        var first = await store.ReadAsync(new ResultQuery(run, null, null, null, 100));
        var second = await store.ReadAsync(new ResultQuery(run, null, null, first.NextCursor, 100));

        Assert.Equal(100, first.Items.Count);
        Assert.NotNull(first.NextCursor);
        Assert.Equal(100, second.Items.Count);
        Assert.Equal("T199", second.Items[^1].TradeId);
        Assert.Null(second.NextCursor);
    }

    [StoreFact]
    public async Task Order_is_ordinal_not_cultural_or_numeric()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        string[] tradeIds = ["b", "B", "a", "A", "_x", "10", "9", "T1", "T10", "T2", "é", "z", "Z", "ä", "a b", "ab", "\u4e2d"];
        string[] measures = ["pv", "PV", "Pv"];
        var records = tradeIds.SelectMany(t => measures.Select(m => new ResultRecord(run, t, m, "Book", 1, [1.0], null))).ToArray();
        new Random(7).Shuffle(records);
        await store.UpsertAsync(records);

        var all = await ReadAllAsync(store, new ResultQuery(run, null, null, null, 4));

        Assert.Equal(Sorted(records).Select(Key), all.Select(Key));
    }

    [StoreFact]
    public async Task Filters_by_measure_page_through_only_that_measure()
    {
        var (store, run, records) = await WriteFilterFixtureAsync();

        var pv = await ReadAllAsync(store, new ResultQuery(run, "PV", null, null, 7));
        var dv01 = await ReadAllAsync(store, new ResultQuery(run, "DV01", null, null, 1000));

        AssertSameRecords(Sorted(records.Where(r => r.Measure == "PV")), pv);
        AssertSameRecords(Sorted(records.Where(r => r.Measure == "DV01")), dv01);
        Assert.Empty((await store.ReadAsync(new ResultQuery(run, "pv", null, null, 10))).Items);
        Assert.Empty((await store.ReadAsync(new ResultQuery(run, "Theta", null, null, 10))).Items);
    }

    [StoreFact]
    public async Task Filters_by_book_page_through_only_that_book()
    {
        var (store, run, records) = await WriteFilterFixtureAsync();

        var rates = await ReadAllAsync(store, new ResultQuery(run, null, "Rates", null, 7));
        var credit = await ReadAllAsync(store, new ResultQuery(run, null, "Credit", null, 1000));

        AssertSameRecords(Sorted(records.Where(r => r.Book == "Rates")), rates);
        AssertSameRecords(Sorted(records.Where(r => r.Book == "Credit")), credit);
        Assert.Empty((await store.ReadAsync(new ResultQuery(run, null, "rates", null, 10))).Items);
    }

    [StoreFact]
    public async Task Filters_by_measure_and_book_together()
    {
        var (store, run, records) = await WriteFilterFixtureAsync();

        var read = await ReadAllAsync(store, new ResultQuery(run, "PV", "Credit", null, 5));

        var expected = Sorted(records.Where(r => r.Measure == "PV" && r.Book == "Credit"));
        Assert.NotEmpty(expected);
        AssertSameRecords(expected, read);
    }

    [StoreFact]
    public async Task Runs_are_isolated()
    {
        var store = await NewStoreAsync();
        var runA = NewRunId();
        var runB = NewRunId();
        var a = Enumerable.Range(0, 30).Select(i => new ResultRecord(runA, $"T{i:D2}", "PV", "Rates", 1, [i], null)).ToArray();
        var b = Enumerable.Range(0, 20).Select(i => new ResultRecord(runB, $"T{i:D2}", "PV", "Rates", 2, [-i], null)).ToArray();
        await store.UpsertAsync([.. a, .. b]);

        Assert.Equal(30, await store.CountAsync(runA));
        Assert.Equal(20, await store.CountAsync(runB));
        AssertSameRecords(a, await ReadAllAsync(store, new ResultQuery(runA, null, null, null, 7)));
        AssertSameRecords(b, await ReadAllAsync(store, new ResultQuery(runB, "PV", "Rates", null, 7)));
    }

    [StoreFact]
    public async Task DeleteRunAsync_removes_that_run_only()
    {
        var store = await NewStoreAsync();
        var gone = NewRunId();
        var kept = NewRunId();
        await store.UpsertAsync(Enumerable.Range(0, 250).Select(i => new ResultRecord(gone, $"T{i:D3}", "PV", "Rates", 1, [i], null)).ToArray());
        await store.UpsertAsync([new ResultRecord(kept, "T000", "PV", "Rates", 1, [42.0], null)]);

        await store.DeleteRunAsync(gone);

        Assert.Equal(0, await store.CountAsync(gone));
        var page = await store.ReadAsync(new ResultQuery(gone, null, null, null, 100));
        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
        Assert.Equal(1, await store.CountAsync(kept));

        // Deleting a run that has no results is fine, and a deleted run can be written again.
        await store.DeleteRunAsync(gone);
        await store.DeleteRunAsync(NewRunId());
        await store.UpsertAsync([new ResultRecord(gone, "T9", "PV", "Rates", 2, [9.0], null)]);
        Assert.Equal(1, await store.CountAsync(gone));
    }

    [StoreTheory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("not a cursor")]
    [InlineData("%%%%")]
    [InlineData("\u00e9\u00e9\u00e9\u00e9")]
    public async Task A_malformed_cursor_throws_ArgumentException(string cursor)
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        await store.UpsertAsync([new ResultRecord(run, "T1", "PV", "Rates", 1, [1.0], null)]);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReadAsync(new ResultQuery(run, null, null, cursor, 10)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReadAsync(new ResultQuery(run, "PV", "Rates", cursor, 10)));
    }

    [StoreFact]
    public async Task Limit_is_clamped_to_one_through_ten_thousand()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var records = Enumerable.Range(0, MaxPageSize + 5).Select(i => new ResultRecord(run, $"T{i:D5}", "PV", "Rates", 1, [], null)).ToArray();
        await store.UpsertAsync(records);

        foreach (var limit in new[] { 0, -5, int.MinValue })
        {
            var page = await store.ReadAsync(new ResultQuery(run, null, null, null, limit));
            Assert.Equal("T00000", Assert.Single(page.Items).TradeId);
            Assert.NotNull(page.NextCursor);
        }

        var big = await store.ReadAsync(new ResultQuery(run, null, null, null, int.MaxValue));
        Assert.Equal(MaxPageSize, big.Items.Count);
        Assert.NotNull(big.NextCursor);
        var rest = await store.ReadAsync(new ResultQuery(run, null, null, big.NextCursor, MaxPageSize + 1));
        Assert.Equal(["T10000", "T10001", "T10002", "T10003", "T10004"], rest.Items.Select(r => r.TradeId));
        Assert.Null(rest.NextCursor);
    }

    [StoreFact]
    public async Task Concurrent_upserts_of_disjoint_keys_all_land()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        const int Writers = 4;
        const int Batches = 10;
        const int BatchSize = 100;
        var written = Enumerable.Range(0, Writers)
            .Select(w => Enumerable.Range(0, Batches)
                .Select(b => Enumerable.Range(0, BatchSize)
                    .Select(i => new ResultRecord(run, $"W{w}-T{(b * BatchSize) + i:D4}", "PV", $"B{w}", w, [w, b, i], null))
                    .ToArray())
                .ToArray())
            .ToArray();

        using var start = new SemaphoreSlim(0, Writers);
        var writers = written.Select(batches => Task.Run(async () =>
        {
            await start.WaitAsync();
            foreach (var batch in batches)
            {
                await store.UpsertAsync(batch);
            }
        })).ToArray();
        start.Release(Writers);
        await Task.WhenAll(writers);

        var expected = written.SelectMany(w => w.SelectMany(b => b)).ToArray();
        Assert.Equal(expected.Length, await store.CountAsync(run));
        AssertSameRecords(Sorted(expected), await ReadAllAsync(store, new ResultQuery(run, null, null, null, 999)));
    }

    [StoreFact]
    public async Task InitializeAsync_may_be_called_again_and_concurrently()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        await store.UpsertAsync([new ResultRecord(run, "T1", "PV", "Rates", 1, [1.0], null)]);

        await store.InitializeAsync();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.InitializeAsync())));

        var other = await NewStoreAsync();
        await other.InitializeAsync();

        Assert.Equal(1, await store.CountAsync(run));
        Assert.Equal(1, await other.CountAsync(run));
    }

    [StoreFact]
    public async Task Data_survives_closing_and_reopening_the_store()
    {
        var run = NewRunId();
        var records = Enumerable.Range(0, 300)
            .Select(i => new ResultRecord(run, $"T{i:D3}", i % 3 == 0 ? "PV" : "DV01", "Rates", i, i % 50 == 0 ? null : [i, double.NaN, -0.0], i % 50 == 0 ? "failed" : null))
            .ToArray();

        var first = await NewStoreAsync();
        await first.UpsertAsync(records);
        await CloseAsync(first);

        var reopened = await NewStoreAsync();
        Assert.Equal(records.Length, await reopened.CountAsync(run));
        AssertSameRecords(Sorted(records), await ReadAllAsync(reopened, new ResultQuery(run, null, null, null, 64)));
    }

    [StoreFact]
    public async Task An_unknown_run_reads_empty_and_counts_zero()
    {
        var store = await NewStoreAsync();

        var page = await store.ReadAsync(new ResultQuery(NewRunId(), "PV", null, null, 100));

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
        Assert.Equal(0, await store.CountAsync(NewRunId()));
    }

    [StoreFact]
    public async Task An_empty_batch_writes_nothing_and_null_arguments_are_rejected()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();

        await store.UpsertAsync([]);

        Assert.Equal(0, await store.CountAsync(run));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.UpsertAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.ReadAsync(null!));
    }

    /// <summary>Opens and initializes a store; it is closed after the test.</summary>
    protected async Task<IResultStore> NewStoreAsync()
    {
        var store = await OpenStoreAsync();
        _open.Add(store);
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Closes a store from <see cref="NewStoreAsync"/> before the test ends.</summary>
    protected async Task CloseAsync(IResultStore store)
    {
        Assert.True(_open.Remove(store));
        await CloseStoreAsync(store);
    }

    protected static string NewRunId() => $"run-{Guid.NewGuid():N}";

    /// <summary>Follows NextCursor to the end, checking that every page but the last is full.</summary>
    protected static async Task<List<ResultRecord>> ReadAllAsync(IResultStore store, ResultQuery query)
    {
        var all = new List<ResultRecord>();
        var cursor = query.Cursor;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 100_000, "paging does not end");
            var page = await store.ReadAsync(query with { Cursor = cursor });
            all.AddRange(page.Items);
            if (page.NextCursor is null)
            {
                return all;
            }

            Assert.Equal(Math.Clamp(query.Limit, 1, MaxPageSize), page.Items.Count);
            cursor = page.NextCursor;
        }
    }

    protected static (string TradeId, string Measure) Key(ResultRecord record) => (record.TradeId, record.Measure);

    protected static List<ResultRecord> Sorted(IEnumerable<ResultRecord> records)
        => records
            .OrderBy(r => r.TradeId, StringComparer.Ordinal)
            .ThenBy(r => r.Measure, StringComparer.Ordinal)
            .ToList();

    protected static void AssertSameRecords(IEnumerable<ResultRecord> expected, IEnumerable<ResultRecord> actual)
    {
        var expectedList = expected.ToList();
        var actualList = actual.ToList();
        Assert.Equal(expectedList.Select(Key), actualList.Select(Key));
        for (var i = 0; i < expectedList.Count; i++)
        {
            AssertSameRecord(expectedList[i], actualList[i]);
        }
    }

    /// <summary>Equal fields, and values equal bit for bit.</summary>
    protected static void AssertSameRecord(ResultRecord expected, ResultRecord actual)
    {
        Assert.Equal(expected.RunId, actual.RunId);
        Assert.Equal(expected.TradeId, actual.TradeId);
        Assert.Equal(expected.Measure, actual.Measure);
        Assert.Equal(expected.Book, actual.Book);
        Assert.Equal(expected.TradeVersion, actual.TradeVersion);
        Assert.Equal(expected.Error, actual.Error);
        if (expected.Values is null)
        {
            Assert.Null(actual.Values);
        }
        else
        {
            Assert.NotNull(actual.Values);
            Assert.Equal(expected.Values.Select(BitConverter.DoubleToInt64Bits), actual.Values.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    private async Task<(IResultStore Store, string Run, ResultRecord[] Records)> WriteFilterFixtureAsync()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        string[] books = ["Rates", "Credit", "FX"];
        string[] measures = ["PV", "DV01", "CS01"];

        // Not every trade has every measure, and books do not follow trade order.
        var records = Enumerable.Range(0, 120)
            .SelectMany(t => measures
                .Where((_, m) => (t + m) % 4 != 0)
                .Select(m => new ResultRecord(run, $"T{t}", m, books[(t * 7) % 3], t, [t], null)))
            .ToArray();
        new Random(11).Shuffle(records);

        // Another run with the same keys and books, which no filter may return.
        var noise = records.Select(r => r with { RunId = $"{run}-other", Values = [-1.0] }).ToArray();
        await store.UpsertAsync([.. records, .. noise]);
        return (store, run, records);
    }
}
