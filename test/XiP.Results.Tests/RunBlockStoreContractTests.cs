namespace XiP.Results.Tests;

/// <summary>
/// What every <see cref="IRunBlockStore"/> must do. A store's test class derives from this and says how to open
/// the store on its backing data; the same tests then run against files, SQLite, PostgreSQL and MongoDB.
/// </summary>
/// <remarks>
/// Every test uses fresh run ids (or deletes the fixed ones it uses first), so a derived class may share one
/// database between tests. The tests are <see cref="StoreFactAttribute"/>s, so a class for a store that needs a
/// live server marks itself with <see cref="SkipUnlessEnvironmentAttribute"/> and its tests are reported skipped
/// where there is none.
/// </remarks>
public abstract class RunBlockStoreContractTests : IAsyncLifetime
{
    /// <summary>About a megabyte, and not a round number, so no store can get it right by accident of alignment.</summary>
    protected const int LargeBlobBytes = (1024 * 1024) + 13;

    private readonly List<IRunBlockStore> _open = [];

    /// <summary>
    /// Opens a new store instance on this test's backing data, not yet initialized. Every call must reach the
    /// same data: a store opened after another was closed sees what the first one wrote.
    /// </summary>
    protected abstract Task<IRunBlockStore> OpenStoreAsync();

    /// <summary>Releases a store from <see cref="OpenStoreAsync"/>; by default disposes it.</summary>
    protected virtual async ValueTask CloseStoreAsync(IRunBlockStore store)
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
    public async Task Blobs_round_trip_byte_exactly_whatever_their_size()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        RunBlock[] blocks =
        [
            new(RunParts.ManifestBlock, RunParts.Manifest, Bytes(1, 200)),
            new(0, RunParts.Trades, Bytes(2, LargeBlobBytes)),
            new(0, RunParts.Keys, Array.Empty<byte>()),
            new(0, RunParts.Values("pv"), Enumerable.Range(0, 512).Select(i => (byte)i).ToArray()),
            new(int.MaxValue, RunParts.Values("delta"), new byte[] { 0 }),
        ];

        await store.PutAsync(run, blocks);

        foreach (var block in blocks)
        {
            AssertBlob(block.Data, await store.GetAsync(run, block.Block, block.Part), $"({block.Block}, {block.Part})");
        }
    }

    [StoreFact]
    public async Task Putting_a_key_again_keeps_the_later_blob()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        byte[][] versions = [Bytes(1, 5000), Bytes(2, 10), [], Bytes(3, 70_000)];

        foreach (var version in versions)
        {
            await store.PutAsync(run, [new RunBlock(3, RunParts.Keys, version)]);

            AssertBlob(version, await store.GetAsync(run, 3, RunParts.Keys), $"after writing {version.Length} bytes");
        }

        Assert.Equal([new RunBlockKey(3, RunParts.Keys)], await store.ListAsync(run));
    }

    [StoreFact]
    public async Task A_key_given_twice_in_one_call_keeps_the_later_blob()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var earlier = Bytes(1, 300);
        var other = Bytes(2, 300);
        var later = Bytes(3, 100);

        await store.PutAsync(run, [new RunBlock(0, RunParts.Keys, earlier), new RunBlock(1, RunParts.Keys, other), new RunBlock(0, RunParts.Keys, later)]);

        AssertBlob(later, await store.GetAsync(run, 0, RunParts.Keys), "the key given twice");
        AssertBlob(other, await store.GetAsync(run, 1, RunParts.Keys), "the key given once");
        AssertKeys([new(0, RunParts.Keys), new(1, RunParts.Keys)], await store.ListAsync(run));
    }

    [StoreFact]
    public async Task Parts_and_blocks_are_isolated_the_manifest_block_included()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();

        // Blocks whose names are prefixes of each other (1, 10, -1), parts that are (v-pv, v-pv01) or differ only in case.
        int[] numbers = [RunParts.ManifestBlock, 0, 1, 10];
        string[] parts = [RunParts.Manifest, RunParts.Trades, RunParts.Keys, RunParts.Values("pv"), RunParts.Values("pv01"), RunParts.Values("PV")];
        var blocks = numbers.SelectMany(b => parts.Select(p => new RunBlock(b, p, Bytes(Seed(b, p), 64 + (b & 0xF))))).ToList();

        // Half in one call, the rest one by one.
        await store.PutAsync(run, blocks.Where((_, i) => i % 2 == 0).ToList());
        foreach (var block in blocks.Where((_, i) => i % 2 == 1))
        {
            await store.PutAsync(run, [block]);
        }

        foreach (var block in blocks)
        {
            AssertBlob(block.Data, await store.GetAsync(run, block.Block, block.Part), $"({block.Block}, {block.Part})");
        }

        Assert.Null(await store.GetAsync(run, 2, RunParts.Keys));
        Assert.Null(await store.GetAsync(run, -2, RunParts.Manifest));
        Assert.Null(await store.GetAsync(run, 0, RunParts.Values("pv0")));
        Assert.Null(await store.GetAsync(run, 100, RunParts.Keys));
        AssertKeys(blocks.Select(b => new RunBlockKey(b.Block, b.Part)), await store.ListAsync(run));
    }

    [StoreFact]
    public async Task ListAsync_lists_exactly_what_was_put_once_per_key()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var keys = new List<RunBlockKey> { new(RunParts.ManifestBlock, RunParts.Manifest) };
        for (var b = 0; b < 40; b++)
        {
            keys.Add(new RunBlockKey(b, RunParts.Trades));
            keys.Add(new RunBlockKey(b, RunParts.Keys));
            if (b % 3 == 0)
            {
                keys.Add(new RunBlockKey(b, RunParts.Values("pv")));
            }
        }

        await store.PutAsync(run, keys.Select(k => new RunBlock(k.Block, k.Part, Bytes(Seed(k.Block, k.Part), 16))).ToList());
        await store.PutAsync(run, keys.Where(k => k.Block % 2 == 0).Select(k => new RunBlock(k.Block, k.Part, Bytes(7, 8))).ToList());

        AssertKeys(keys, await store.ListAsync(run));
    }

    [StoreFact]
    public async Task Runs_are_isolated_even_when_their_ids_differ_only_in_case_or_a_suffix()
    {
        var store = await NewStoreAsync();
        var id = NewRunId();
        string[] runs = [id, id + "0", id.ToUpperInvariant(), id + " ", id + "/" + id];
        for (var r = 0; r < runs.Length; r++)
        {
            // The same keys in every run, one more block per run, different bytes.
            await store.PutAsync(runs[r], Enumerable.Range(0, r + 1).Select(b => new RunBlock(b, RunParts.Keys, Bytes(Seed(r, runs[r]) + b, 32))).ToList());
        }

        for (var r = 0; r < runs.Length; r++)
        {
            for (var b = 0; b <= r; b++)
            {
                AssertBlob(Bytes(Seed(r, runs[r]) + b, 32), await store.GetAsync(runs[r], b, RunParts.Keys), $"run {r}, block {b}");
            }

            Assert.Null(await store.GetAsync(runs[r], r + 1, RunParts.Keys));
            AssertKeys(Enumerable.Range(0, r + 1).Select(b => new RunBlockKey(b, RunParts.Keys)), await store.ListAsync(runs[r]));
        }
    }

    [StoreFact]
    public async Task DeleteRunAsync_removes_that_run_only()
    {
        var store = await NewStoreAsync();
        var gone = NewRunId();
        var kept = NewRunId();
        var prefixed = gone + "-2";
        RunBlock[] blocks = [new(RunParts.ManifestBlock, RunParts.Manifest, Bytes(1, 10)), .. Enumerable.Range(0, 30).Select(b => new RunBlock(b, RunParts.Trades, Bytes(b, 100)))];
        await store.PutAsync(gone, blocks);
        await store.PutAsync(kept, blocks);
        await store.PutAsync(prefixed, blocks);

        await store.DeleteRunAsync(gone);

        Assert.Empty(await store.ListAsync(gone));
        Assert.Null(await store.GetAsync(gone, RunParts.ManifestBlock, RunParts.Manifest));
        Assert.Null(await store.GetAsync(gone, 0, RunParts.Trades));
        foreach (var run in new[] { kept, prefixed })
        {
            AssertKeys(blocks.Select(b => new RunBlockKey(b.Block, b.Part)), await store.ListAsync(run));
            AssertBlob(blocks[5].Data, await store.GetAsync(run, blocks[5].Block, blocks[5].Part), run);
        }

        // Deleting a run that has nothing is fine, and a deleted run can be written again.
        await store.DeleteRunAsync(gone);
        await store.DeleteRunAsync(NewRunId());
        await store.PutAsync(gone, [new RunBlock(7, RunParts.Keys, Bytes(9, 9))]);
        Assert.Equal([new RunBlockKey(7, RunParts.Keys)], await store.ListAsync(gone));
    }

    [StoreFact]
    public async Task An_unknown_run_reads_null_and_lists_nothing()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();

        Assert.Null(await store.GetAsync(run, RunParts.ManifestBlock, RunParts.Manifest));
        Assert.Null(await store.GetAsync(run, 0, RunParts.Keys));
        Assert.Empty(await store.ListAsync(run));
    }

    [StoreFact]
    public async Task An_empty_call_writes_nothing_and_bad_arguments_are_refused()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();

        await store.PutAsync(run, []);

        Assert.Empty(await store.ListAsync(run));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.PutAsync(run, null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.PutAsync(string.Empty, [new RunBlock(0, RunParts.Keys, Bytes(1, 1))]));
    }

    [StoreFact]
    public async Task Concurrent_puts_of_disjoint_keys_all_land()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        const int Writers = 4;
        const int Calls = 10;
        const int BlocksPerCall = 5;
        var written = Enumerable.Range(0, Writers)
            .Select(w => Enumerable.Range(0, Calls)
                .Select(c => Enumerable.Range(0, BlocksPerCall)
                    .Select(i => new RunBlock((c * BlocksPerCall) + i, RunParts.Values($"w{w}"), Bytes((w * 1000) + (c * BlocksPerCall) + i, 1000 + i)))
                    .ToArray())
                .ToArray())
            .ToArray();

        using var start = new SemaphoreSlim(0, Writers);
        var writers = written.Select(calls => Task.Run(async () =>
        {
            await start.WaitAsync();
            foreach (var call in calls)
            {
                await store.PutAsync(run, call);
            }
        })).ToArray();
        start.Release(Writers);
        await Task.WhenAll(writers);

        var all = written.SelectMany(w => w.SelectMany(c => c)).ToList();
        AssertKeys(all.Select(b => new RunBlockKey(b.Block, b.Part)), await store.ListAsync(run));
        foreach (var block in all)
        {
            AssertBlob(block.Data, await store.GetAsync(run, block.Block, block.Part), $"({block.Block}, {block.Part})");
        }
    }

    [StoreFact]
    public async Task Two_instances_on_the_same_data_write_concurrently_and_see_each_others_blobs()
    {
        var first = await NewStoreAsync();
        var second = await NewStoreAsync();
        var run = NewRunId();
        var blocks = Enumerable.Range(0, 40).Select(b => new RunBlock(b, RunParts.Trades, Bytes(b, 4096))).ToList();

        await Task.WhenAll(
            Task.Run(async () =>
            {
                foreach (var block in blocks.Where(b => b.Block % 2 == 0))
                {
                    await first.PutAsync(run, [block]);
                }
            }),
            Task.Run(async () =>
            {
                foreach (var block in blocks.Where(b => b.Block % 2 == 1))
                {
                    await second.PutAsync(run, [block]);
                }
            }));

        foreach (var store in new[] { first, second })
        {
            AssertKeys(blocks.Select(b => new RunBlockKey(b.Block, b.Part)), await store.ListAsync(run));
            AssertBlob(blocks[1].Data, await store.GetAsync(run, 1, RunParts.Trades), "written by the second instance");
            AssertBlob(blocks[2].Data, await store.GetAsync(run, 2, RunParts.Trades), "written by the first instance");
        }
    }

    [StoreFact]
    public async Task InitializeAsync_may_be_called_again_and_concurrently()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        await store.PutAsync(run, [new RunBlock(0, RunParts.Keys, Bytes(1, 10))]);

        await store.InitializeAsync();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.InitializeAsync())));

        // A second instance initializing concurrently with itself, as hosts starting together do.
        var other = await OpenStoreAsync();
        _open.Add(other);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => other.InitializeAsync())));

        AssertBlob(Bytes(1, 10), await store.GetAsync(run, 0, RunParts.Keys), "read by the first instance");
        AssertBlob(Bytes(1, 10), await other.GetAsync(run, 0, RunParts.Keys), "read by the second instance");
    }

    [StoreFact]
    public async Task Data_survives_closing_and_reopening_the_store()
    {
        var run = NewRunId();
        var blocks = Enumerable.Range(RunParts.ManifestBlock, 20).Select(b => new RunBlock(b, b < 0 ? RunParts.Manifest : RunParts.Values("pv"), Bytes(b + 100, 333 * (b + 2)))).ToList();

        var first = await NewStoreAsync();
        await first.PutAsync(run, blocks);
        await CloseAsync(first);

        var reopened = await NewStoreAsync();
        AssertKeys(blocks.Select(b => new RunBlockKey(b.Block, b.Part)), await reopened.ListAsync(run));
        foreach (var block in blocks)
        {
            AssertBlob(block.Data, await reopened.GetAsync(run, block.Block, block.Part), $"({block.Block}, {block.Part})");
        }
    }

    [StoreFact]
    public async Task Run_ids_with_odd_but_valid_Unicode_are_distinct_runs()
    {
        var store = await NewStoreAsync();
        var id = NewRunId();
        string[] fixedIds = ["..", ".", "/", "\\", "../..", " ", "\U0001F600"];
        string[] runs =
        [
            .. fixedIds,
            id + " with spaces ",
            id + "/nested/../path",
            id + "\U0001F600\U0001F680 emoji",
            id + "中文のラン",
            id + "\uFF5E\uE000\U00010437",
            id + "tab\tnew\nline",
            id + "a:b*c?d\"e<f>g|h%2F",
            id + "ünïcödé",
            id + new string('x', 300),
        ];

        // The fixed ids are the same in every test run: start from nothing.
        foreach (var run in fixedIds)
        {
            await store.DeleteRunAsync(run);
        }

        for (var r = 0; r < runs.Length; r++)
        {
            await store.PutAsync(runs[r], [new RunBlock(RunParts.ManifestBlock, RunParts.Manifest, Bytes(r, 50)), new RunBlock(r, RunParts.Keys, Bytes(r, 60))]);
        }

        for (var r = 0; r < runs.Length; r++)
        {
            AssertBlob(Bytes(r, 50), await store.GetAsync(runs[r], RunParts.ManifestBlock, RunParts.Manifest), $"run {r}");
            AssertBlob(Bytes(r, 60), await store.GetAsync(runs[r], r, RunParts.Keys), $"run {r}");
            AssertKeys([new(RunParts.ManifestBlock, RunParts.Manifest), new(r, RunParts.Keys)], await store.ListAsync(runs[r]));
        }

        foreach (var run in runs)
        {
            await store.DeleteRunAsync(run);
            Assert.Empty(await store.ListAsync(run));
        }
    }

    /// <summary>Opens and initializes a store; it is closed after the test.</summary>
    protected async Task<IRunBlockStore> NewStoreAsync()
    {
        var store = await OpenStoreAsync();
        _open.Add(store);
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Closes a store from <see cref="NewStoreAsync"/> before the test ends.</summary>
    protected async Task CloseAsync(IRunBlockStore store)
    {
        Assert.True(_open.Remove(store));
        await CloseStoreAsync(store);
    }

    protected static string NewRunId() => $"run-{Guid.NewGuid():N}";

    /// <summary>Deterministic pseudo-random bytes: the same seed and length give the same blob.</summary>
    protected static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static int Seed(int block, string part) => (block * 7919) + part.Sum(c => c * 31);

    protected static void AssertBlob(ReadOnlyMemory<byte> expected, byte[]? actual, string what)
    {
        Assert.True(actual is not null, $"{what}: no blob stored");
        Assert.True(
            expected.Span.SequenceEqual(actual),
            $"{what}: {actual.Length} bytes read differ from the {expected.Length} written");
    }

    protected static void AssertKeys(IEnumerable<RunBlockKey> expected, IReadOnlyList<RunBlockKey> actual)
    {
        static IEnumerable<RunBlockKey> Sorted(IEnumerable<RunBlockKey> keys) => keys.OrderBy(k => k.Block).ThenBy(k => k.Part, StringComparer.Ordinal);

        Assert.Equal(Sorted(expected.Distinct()), Sorted(actual));
    }
}
