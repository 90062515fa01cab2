using System.Buffers.Binary;
using System.Buffers.Text;
using XiP.Abstractions.Results;
using XiP.Pricing.Columnar;
using XiP.Pricing.Measures;

namespace XiP.Results.Tests;

/// <summary><see cref="ResultStore"/> over a <see cref="FileBlockStore"/> in a temporary directory.</summary>
public sealed class ResultStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FileBlockStore _blocks;
    private readonly ResultStore _store;

    public ResultStoreTests()
    {
        _blocks = new FileBlockStore(Path.Combine(_temp.Path, "blocks"));
        _store = new ResultStore(_blocks);
    }

    private static SampleRun Run => SampleRun.Standard;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_sample_run_has_failures_several_books_and_ids_whose_code_point_order_is_not_ordinal()
    {
        var ids = Run.Table.Ids;
        Assert.Equal(ids.Order(CodePointOrder.Instance), ids);
        Assert.NotEqual(ids.Order(StringComparer.Ordinal), ids);
        Assert.True(Run.Manifest.Blocks > 2 && Run.Manifest.Trades % Run.Manifest.TradesPerBlock != 0, "the run ends with a short block");
        Assert.Equal(["delta", "pv", "pv01", "vega"], Run.Manifest.Measures);
        Assert.Equal(5, Run.Records.Select(r => r.Record.Book).Distinct().Count());

        var errors = Run.Records.Select(r => r.Record.Error).Where(e => e is not null).ToList();
        Assert.Contains(errors, e => e!.Contains("does not apply", StringComparison.Ordinal));
        Assert.True(errors.Count(e => !e!.Contains("does not apply", StringComparison.Ordinal)) >= 10, "trades fail for missing market data");
        Assert.True(Run.Records.Count(r => r.Record.Error is null) >= 200, "most records have values");
    }

    [Fact]
    public async Task WriteRunAsync_stores_the_manifest_and_each_blocks_trades_and_keys()
    {
        const string RunId = "run-1";
        await Run.WriteAsync(_store, RunId, blocks: []);

        var manifest = await _store.GetManifestAsync(RunId);
        Assert.NotNull(manifest);
        Assert.Equal((RunId, Run.Manifest.Trades, Run.Manifest.TradesPerBlock, Run.Manifest.Markets), (manifest.RunId, manifest.Trades, manifest.TradesPerBlock, manifest.Markets));
        Assert.Equal(Run.Manifest.Measures, manifest.Measures);
        for (var b = 0; b < manifest.Blocks; b++)
        {
            var first = b * manifest.TradesPerBlock;
            var trades = await _store.ReadTradesAsync(RunId, b);
            Assert.Equal(Run.Table.Ids.Skip(first).Take(manifest.TradesIn(b)), trades.Ids);
            Assert.Equal(TradeTableCodec.Encode(Run.Table.Slice(first, manifest.TradesIn(b))), TradeTableCodec.Encode(trades));
        }

        var stored = await _blocks.ListAsync(RunId);
        Assert.Equal(1 + (2 * manifest.Blocks), stored.Count);
        Assert.Contains(new RunBlockKey(RunParts.ManifestBlock, RunParts.Manifest), stored);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _store.ReadTradesAsync(RunId, manifest.Blocks));
    }

    [Fact]
    public async Task WriteRunAsync_refuses_a_table_the_manifest_does_not_count()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => _store.WriteRunAsync(Run.ManifestFor("run-1") with { Trades = Run.Manifest.Trades + 1 }, Run.Table));

        Assert.Equal("trades", exception.ParamName);
        Assert.Empty(await _blocks.ListAsync("run-1"));
    }

    [Fact]
    public async Task A_run_without_values_yet_reads_empty_and_counts_zero()
    {
        await Run.WriteAsync(_store, "run-1", blocks: []);

        var page = await _store.ReadPageAsync(new ResultQuery("run-1", null, null, null, 100));

        Assert.Equal(0, page.Count);
        Assert.Null(page.NextCursor);
        Assert.Equal(0, await _store.CountAsync("run-1"));
    }

    [Fact]
    public async Task An_unknown_run_reads_empty_and_counts_zero()
    {
        var page = await _store.ReadPageAsync(new ResultQuery("no-such-run", "pv", null, null, 100));

        Assert.Equal(0, page.Count);
        Assert.Null(page.NextCursor);
        Assert.Null(await _store.GetManifestAsync("no-such-run"));
        Assert.Equal(0, await _store.CountAsync("no-such-run"));
    }

    [Fact]
    public async Task Blocks_whose_values_are_not_stored_yet_are_skipped()
    {
        int[] written = [0, 3, Run.Manifest.Blocks - 1];
        await Run.WriteAsync(_store, "run-1", written);

        var read = await ReadAllAsync(new ResultQuery("run-1", null, null, null, 9));

        PageRecord.AssertSame(Run.Expected(where: r => written.Contains(r.Block)), read);
        Assert.Equal(0, (await _store.ReadBlockAsync(Run.ManifestFor("run-1"), 1, null, null)).Count);
    }

    [Fact]
    public async Task A_measure_whose_value_block_is_missing_is_skipped_in_that_block_only()
    {
        await Run.WriteAsync(_store, "run-1", blocks: [0, 2]);
        using var pvOnly = ColumnarValuation.Run(Run.Markets, Run.Table, Run.Manifest.TradesPerBlock, Run.Manifest.TradesPerBlock, [Measure.Pv], Run.Manifest.TradesPerBlock);
        await _store.WriteValuesAsync("run-1", 1, pvOnly);

        var read = await ReadAllAsync(new ResultQuery("run-1", null, null, null, 13));

        PageRecord.AssertSame(Run.Expected(where: r => r.Block is 0 or 2 || (r.Block == 1 && r.Record.Measure == "pv")), read);
        Assert.Equal((32 * 4) + 16, await _store.CountAsync("run-1"));
    }

    [Fact]
    public async Task CountAsync_counts_the_records_of_stored_value_blocks()
    {
        var last = Run.Manifest.Blocks - 1;
        await Run.WriteAsync(_store, "run-1", blocks: []);
        Assert.Equal(0, await _store.CountAsync("run-1"));

        await _store.WriteValuesAsync("run-1", last, Run.Values[last]);
        Assert.Equal(Run.Manifest.TradesIn(last) * 4, await _store.CountAsync("run-1"));

        // A retried batch overwrites: it counts once.
        await _store.WriteValuesAsync("run-1", last, Run.Values[last]);
        await _store.WriteValuesAsync("run-1", 0, Run.Values[0]);
        Assert.Equal((Run.Manifest.TradesIn(last) + Run.Manifest.TradesPerBlock) * 4, await _store.CountAsync("run-1"));

        for (var b = 1; b < last; b++)
        {
            await _store.WriteValuesAsync("run-1", b, Run.Values[b]);
        }

        Assert.Equal(Run.RecordCount, await _store.CountAsync("run-1"));
    }

    [Fact]
    public async Task ReadBlockAsync_returns_exactly_a_blocks_records()
    {
        await Run.WriteAsync(_store, "run-1");
        var manifest = (await _store.GetManifestAsync("run-1"))!;

        for (var b = 0; b < manifest.Blocks; b++)
        {
            var all = await _store.ReadBlockAsync(manifest, b, null, null);
            var pv = await _store.ReadBlockAsync(manifest, b, "pv", null);
            var credit = await _store.ReadBlockAsync(manifest, b, null, "credit");
            var vegaRates = await _store.ReadBlockAsync(manifest, b, "vega", "rates");

            PageRecord.AssertSame(Run.Expected(where: r => r.Block == b), PageRecord.Of(all));
            PageRecord.AssertSame(Run.Expected(measure: "pv", where: r => r.Block == b), PageRecord.Of(pv));
            PageRecord.AssertSame(Run.Expected(book: "credit", where: r => r.Block == b), PageRecord.Of(credit));
            PageRecord.AssertSame(Run.Expected(measure: "vega", book: "rates", where: r => r.Block == b), PageRecord.Of(vegaRates));
            Assert.All(new[] { all, pv, credit, vegaRates }, page => Assert.Null(page.NextCursor));
        }

        Assert.Equal(0, (await _store.ReadBlockAsync(manifest, 0, "theta", null)).Count);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ReadBlockAsync(manifest, manifest.Blocks, null, null));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ReadBlockAsync(manifest, -1, null, null));
    }

    [Fact]
    public async Task DeleteRunAsync_removes_that_run_only()
    {
        await Run.WriteAsync(_store, "run-1");
        await Run.WriteAsync(_store, "run-10");

        await _store.DeleteRunAsync("run-1");

        Assert.Null(await _store.GetManifestAsync("run-1"));
        Assert.Equal(0, (await _store.ReadPageAsync(new ResultQuery("run-1", null, null, null, 100))).Count);
        Assert.Equal(0, await _store.CountAsync("run-1"));
        Assert.Empty(await _blocks.ListAsync("run-1"));
        Assert.Equal(Run.RecordCount, await _store.CountAsync("run-10"));
        PageRecord.AssertSame(Run.Expected(), await ReadAllAsync(new ResultQuery("run-10", null, null, null, 1000)));
        await _store.DeleteRunAsync("run-1");
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteRunAsync(string.Empty));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(int.MinValue)]
    public async Task A_limit_below_one_reads_one_record(int limit)
    {
        await Run.WriteAsync(_store, "run-1");

        var page = await _store.ReadPageAsync(new ResultQuery("run-1", null, null, null, limit));

        PageRecord.AssertSame(Run.Expected().Take(1), PageRecord.Of(page));
        Assert.NotNull(page.NextCursor);
    }

    [Fact]
    public async Task A_huge_limit_reads_at_most_MaxPageSize_records()
    {
        var run = SampleRun.Wide(2_520, 512, 2, Measure.Pv, Measure.Pv01, Measure.Delta, Measure.Vega);
        Assert.True(run.RecordCount > ResultStore.MaxPageSize);
        await run.WriteAsync(_store, "run-1");

        var page = await _store.ReadPageAsync(new ResultQuery("run-1", null, null, null, int.MaxValue));
        var rest = await _store.ReadPageAsync(new ResultQuery("run-1", null, null, page.NextCursor, int.MaxValue));

        Assert.Equal(ResultStore.MaxPageSize, page.Count);
        Assert.NotNull(page.NextCursor);
        Assert.Null(rest.NextCursor);
        PageRecord.AssertSame(run.Expected(), PageRecord.Of(page).Concat(PageRecord.Of(rest)));
    }

    [Fact]
    public async Task A_page_holds_at_most_MaxPageValues_values_whatever_its_limit()
    {
        const int Markets = 4097;
        const int PerPage = ResultStore.MaxPageValues / Markets;
        var run = SampleRun.Options(PerPage + 50, 256, Markets);
        await run.WriteAsync(_store, "run-1");

        var page = await _store.ReadPageAsync(new ResultQuery("run-1", null, null, null, ResultStore.MaxPageSize));
        var rest = await _store.ReadPageAsync(new ResultQuery("run-1", null, null, page.NextCursor, ResultStore.MaxPageSize));

        Assert.Equal(PerPage, page.Count);
        Assert.True(page.Values.Length <= ResultStore.MaxPageValues);
        Assert.Equal(50, rest.Count);
        Assert.Null(rest.NextCursor);
        PageRecord.AssertSame(run.Expected(), PageRecord.Of(page).Concat(PageRecord.Of(rest)));
    }

    public static TheoryData<string> MalformedCursors()
    {
        var valid = Base64Url.DecodeFromChars(ResultCursor.Encode(1, 2, "pv"));
        byte[] WithFormat(byte format)
        {
            var copy = valid.ToArray();
            copy[0] = format;
            return copy;
        }

        byte[] With(int offset, int value)
        {
            var copy = valid.ToArray();
            BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
            return copy;
        }

        return new TheoryData<string>
        {
            string.Empty,
            "%%%%",
            "not/base64+url==",
            "A",
            "\u00e9\u00e9\u00e9\u00e9",
            new string('A', 600),
            Base64Url.EncodeToString(WithFormat(1)),
            Base64Url.EncodeToString(WithFormat(3)),
            Base64Url.EncodeToString(valid.AsSpan(0, 8)),
            Base64Url.EncodeToString(With(1, -1)),
            Base64Url.EncodeToString(With(5, int.MinValue)),
            Base64Url.EncodeToString([.. valid.AsSpan(0, 9), 0xC3, 0x28]),
        };
    }

    [Theory]
    [MemberData(nameof(MalformedCursors))]
    public async Task A_malformed_cursor_throws_ArgumentException_naming_the_cursor(string cursor)
    {
        await Run.WriteAsync(_store, "run-1");

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadPageAsync(new ResultQuery("run-1", null, null, cursor, 10)));
        var filtered = await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadPageAsync(new ResultQuery("run-1", "pv", "rates", cursor, 10)));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadPageAsync(new ResultQuery("no-such-run", null, null, cursor, 10)));

        Assert.All(new[] { exception, filtered, unknown }, e => Assert.Equal("query.Cursor", e.ParamName));
    }

    [Fact]
    public async Task A_cursor_beyond_a_blocks_trades_or_the_measures_continues_with_what_follows()
    {
        await Run.WriteAsync(_store, "run-1");

        foreach (var cursor in new[] { ResultCursor.Encode(Run.Manifest.Blocks, 0, "pv"), ResultCursor.Encode(0, Run.Manifest.TradesPerBlock, "pv"), ResultCursor.Encode(Run.Manifest.Blocks - 1, 5, "zzz") })
        {
            var (block, trade, _) = ResultCursor.Decode(cursor, "cursor");
            var page = await _store.ReadPageAsync(new ResultQuery("run-1", null, null, cursor, 1000));

            PageRecord.AssertSame(Run.Expected(where: r => r.Block > block || (r.Block == block && r.Trade - (block * Run.Manifest.TradesPerBlock) > trade)), PageRecord.Of(page));
            Assert.Null(page.NextCursor);
        }
    }

    [Fact]
    public async Task An_empty_run_id_or_no_query_is_refused()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadPageAsync(new ResultQuery(string.Empty, null, null, null, 10)));

        Assert.Equal("query.RunId", exception.ParamName);
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.ReadPageAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CountAsync(string.Empty));
    }

    [Fact]
    public async Task A_corrupted_value_block_fails_the_read_instead_of_giving_wrong_values()
    {
        await Run.WriteAsync(_store, "run-1");
        var part = RunParts.Values("pv");
        var blob = (await _blocks.GetAsync("run-1", 1, part))!;
        await _blocks.PutAsync("run-1", [new RunBlock(1, part, blob.AsMemory(0, blob.Length - 3))]);

        await Assert.ThrowsAsync<InvalidDataException>(() => _store.ReadPageAsync(new ResultQuery("run-1", null, null, null, 10_000)));
        await Assert.ThrowsAsync<InvalidDataException>(() => _store.ReadBlockAsync(Run.ManifestFor("run-1"), 1, "pv", null));

        // Pages that do not reach block 1 still read.
        Assert.Equal(Run.Manifest.TradesPerBlock * 4, (await _store.ReadPageAsync(new ResultQuery("run-1", null, null, null, Run.Manifest.TradesPerBlock * 4))).Count);
    }

    [Fact]
    public async Task A_value_block_of_another_shape_fails_the_read_instead_of_giving_wrong_values()
    {
        await Run.WriteAsync(_store, "run-1");

        // A whole, well-formed value block, but of the last (shorter) block, stored under block 0.
        var last = Run.Manifest.Blocks - 1;
        var shorter = (await _blocks.GetAsync("run-1", last, RunParts.Values("pv")))!;
        await _blocks.PutAsync("run-1", [new RunBlock(0, RunParts.Values("pv"), shorter)]);

        await Assert.ThrowsAsync<InvalidDataException>(() => _store.ReadPageAsync(new ResultQuery("run-1", null, null, null, 10_000)));

        // A block of the right trades under fewer markets.
        using var fewer = ColumnarValuation.Run(new MarketSet([Run.Markets[0]]), Run.Table, 0, Run.Manifest.TradesPerBlock, [Measure.Pv], Run.Manifest.TradesPerBlock);
        await _store.WriteValuesAsync("run-1", 0, fewer);

        await Assert.ThrowsAsync<InvalidDataException>(() => _store.ReadBlockAsync(Run.ManifestFor("run-1"), 0, null, null));
    }

    [Fact]
    public async Task A_corrupted_manifest_or_keys_blob_fails_the_read()
    {
        await Run.WriteAsync(_store, "run-1");
        await Run.WriteAsync(_store, "run-2");
        var manifest = (await _blocks.GetAsync("run-1", RunParts.ManifestBlock, RunParts.Manifest))!;
        var keys = (await _blocks.GetAsync("run-2", 0, RunParts.Keys))!;
        await _blocks.PutAsync("run-1", [new RunBlock(RunParts.ManifestBlock, RunParts.Manifest, manifest.AsMemory(0, manifest.Length - 1))]);
        await _blocks.PutAsync("run-2", [new RunBlock(0, RunParts.Keys, keys.AsMemory(0, keys.Length / 2))]);

        await Assert.ThrowsAsync<InvalidDataException>(() => _store.GetManifestAsync("run-1"));
        await Assert.ThrowsAsync<InvalidDataException>(() => _store.ReadPageAsync(new ResultQuery("run-1", null, null, null, 10)));
        await Assert.ThrowsAsync<InvalidDataException>(() => _store.CountAsync("run-1"));
        await Assert.ThrowsAsync<InvalidDataException>(() => _store.ReadPageAsync(new ResultQuery("run-2", null, null, null, 10)));
    }

    private async Task<List<PageRecord>> ReadAllAsync(ResultQuery query)
    {
        var all = new List<PageRecord>();
        string? cursor = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages <= Run.RecordCount, "paging does not end");
            var page = await _store.ReadPageAsync(query with { Cursor = cursor });
            all.AddRange(PageRecord.Of(page));
            if (page.NextCursor is null)
            {
                return all;
            }

            Assert.Equal(query.Limit, page.Count);
            cursor = page.NextCursor;
        }
    }
}
