using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace XiP.Results.Tests;

/// <summary>The contract on a temporary directory, plus what is particular to files.</summary>
public sealed partial class FileBlockStoreTests : RunBlockStoreContractTests
{
    private const string TemporarySuffix = ".partial";

    private readonly TempDirectory _temp = new();

    // A nested directory that does not exist yet: the store creates it.
    private string Root => Path.Combine(_temp.Path, "blocks");

    protected override Task<IRunBlockStore> OpenStoreAsync() => Task.FromResult<IRunBlockStore>(new FileBlockStore(Root));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task InitializeAsync_creates_the_root_directory()
    {
        var store = new FileBlockStore(Root);
        Assert.False(Directory.Exists(Root));

        await store.InitializeAsync();

        Assert.True(Directory.Exists(Root));
        Assert.Equal(Path.GetFullPath(Root), store.Root);
    }

    [Fact]
    public async Task No_temporary_file_is_left_behind_after_puts_and_overwrites()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var blocks = Enumerable.Range(RunParts.ManifestBlock, 10).Select(b => new RunBlock(b, b < 0 ? RunParts.Manifest : RunParts.Keys, Bytes(b, 1000))).ToList();

        await store.PutAsync(run, blocks);
        await store.PutAsync(run, blocks.Select(b => b with { Data = Bytes(b.Block + 50, 10) }).ToList());
        await store.PutAsync(run, [new RunBlock(3, RunParts.Keys, Array.Empty<byte>())]);

        var files = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).ToList();
        Assert.DoesNotContain(files, f => f.EndsWith(TemporarySuffix, StringComparison.Ordinal));
        Assert.Equal(blocks.Count, files.Count);
    }

    [Fact]
    public async Task A_reader_never_sees_a_half_written_blob_while_writers_replace_it()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        const int Writers = 4;
        const int PutsPerWriter = 25;
        var blobs = Enumerable.Range(0, Writers).Select(w => Bytes(w, 256 * 1024)).ToArray();
        var written = blobs.Select(b => Convert.ToHexString(SHA256.HashData(b))).ToHashSet(StringComparer.Ordinal);
        await store.PutAsync(run, [new RunBlock(0, RunParts.Trades, blobs[0])]);

        using var start = new SemaphoreSlim(0, Writers);
        var writers = Task.WhenAll(blobs.Select(blob => Task.Run(async () =>
        {
            await start.WaitAsync();
            for (var i = 0; i < PutsPerWriter; i++)
            {
                await store.PutAsync(run, [new RunBlock(0, RunParts.Trades, blob)]);
            }
        })));
        start.Release(Writers);

        var reads = 0;
        var torn = new List<int>();
        do
        {
            var read = await store.GetAsync(run, 0, RunParts.Trades);
            reads++;
            if (read is null || !written.Contains(Convert.ToHexString(SHA256.HashData(read))))
            {
                torn.Add(read?.Length ?? -1);
            }
        }
        while (!writers.IsCompleted);

        await writers;
        Assert.True(torn.Count == 0, $"{torn.Count} of {reads} reads saw no blob or a torn one (lengths {string.Join(", ", torn.Take(10))})");
        Assert.Contains(Convert.ToHexString(SHA256.HashData((await store.GetAsync(run, 0, RunParts.Trades))!)), written);
        Assert.DoesNotContain(Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories), f => f.EndsWith(TemporarySuffix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_temporary_file_left_by_a_crash_is_neither_listed_nor_read()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        await store.PutAsync(run, [new RunBlock(0, RunParts.Keys, Bytes(1, 10))]);
        var directory = Assert.Single(Directory.GetDirectories(Root));
        await File.WriteAllBytesAsync(Path.Combine(directory, $"keys.1.{Guid.NewGuid():N}{TemporarySuffix}"), Bytes(2, 10));
        await File.WriteAllBytesAsync(Path.Combine(directory, $"v-pv.0.{Guid.NewGuid():N}{TemporarySuffix}"), Bytes(3, 10));

        Assert.Equal([new RunBlockKey(0, RunParts.Keys)], await store.ListAsync(run));
        Assert.Null(await store.GetAsync(run, 1, RunParts.Keys));
        Assert.Null(await store.GetAsync(run, 0, RunParts.Values("pv")));
    }

    [Fact]
    public async Task Run_directories_are_hashes_so_no_run_id_reaches_outside_the_root()
    {
        var store = await NewStoreAsync();
        string[] runs = ["..", "../escape", "../../etc", "/absolute", "a/../../b", "C:\\windows", "nul", "con.txt", "x\0y", new string('.', 255)];

        foreach (var run in runs)
        {
            await store.PutAsync(run, [new RunBlock(0, RunParts.Keys, Bytes(run.Length, 8))]);
        }

        var directories = Directory.GetDirectories(Root).Select(Path.GetFileName).ToList();
        Assert.Equal(runs.Length, directories.Count);
        Assert.All(directories, name => Assert.Matches(HashName(), name!));
        Assert.Equal([Root], Directory.GetFileSystemEntries(_temp.Path));
        Assert.Empty(Directory.GetFiles(Root));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../keys")]
    [InlineData("keys.1")]
    [InlineData("a/b")]
    [InlineData("v pv")]
    [InlineData("v-\u00e9")]
    [InlineData("v-pv.partial")]
    [InlineData("a12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task A_part_that_is_not_letters_digits_and_dashes_is_refused(string part)
    {
        var store = await NewStoreAsync();
        var run = NewRunId();

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(run, [new RunBlock(0, part, Bytes(1, 1))]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(run, 0, part));

        Assert.Empty(await store.ListAsync(run));
    }

    [Fact]
    public async Task An_empty_run_id_is_refused_by_every_operation()
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(string.Empty, 0, RunParts.Keys));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(string.Empty));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteRunAsync(string.Empty));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(string.Empty, []));
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex HashName();
}
