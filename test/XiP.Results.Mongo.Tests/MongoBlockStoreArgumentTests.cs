namespace XiP.Results.Mongo.Tests;

/// <summary>
/// Bad arguments are refused before the store talks to a server. The store here points at a closed port with a
/// short server selection timeout, so an operation that did reach for the server would fail with a
/// <see cref="TimeoutException"/> instead of the exception these tests expect.
/// </summary>
public sealed class MongoBlockStoreArgumentTests : IDisposable
{
    private readonly MongoBlockStore _store = new(new MongoResultStoreOptions
    {
        ConnectionString = "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000",
    });

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_run_id_MongoDB_cannot_store_is_refused_by_every_operation_naming_it()
    {
        // Lone surrogates are built here, not passed as theory data, which is serialized as UTF-8 and would replace them with U+FFFD.
        string[] runIds =
        [
            string.Empty,
            $"run{(char)0xD800}",
            $"{(char)0xDC00}run",
            $"run{(char)0xDC00}{(char)0xD800}",
            $"run{(char)0xD83D}{(char)0xD83D}{(char)0xDE00}",
        ];
        var block = new RunBlock(0, RunParts.Keys, new byte[] { 1 });

        foreach (var runId in runIds)
        {
            var names = new List<string?>
            {
                (await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(runId, [block]))).ParamName,
                (await Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync(runId, 0, RunParts.Keys))).ParamName,
                (await Assert.ThrowsAsync<ArgumentException>(() => _store.ListAsync(runId))).ParamName,
                (await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteRunAsync(runId))).ParamName,
            };

            Assert.All(names, name => Assert.Equal("runId", name));
        }
    }

    [Fact]
    public async Task Null_blocks_throw_ArgumentNullException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.PutAsync("run-1", null!));
    }

    [Fact]
    public async Task An_empty_call_returns_without_reaching_for_the_server()
    {
        await _store.PutAsync("run-1", []);
    }

    [Theory]
    [InlineData(new[] { 'a', 'b' }, true)]
    [InlineData(new char[0], true)]
    [InlineData(new[] { 'x', (char)0xD83D, (char)0xDE00, 'y' }, true)]
    [InlineData(new[] { (char)0xD83D, (char)0xDE00, (char)0xD83D, (char)0xDE00 }, true)]
    [InlineData(new[] { (char)0xD83D }, false)]
    [InlineData(new[] { 'x', (char)0xDE00 }, false)]
    [InlineData(new[] { (char)0xDE00, (char)0xD83D }, false)]
    [InlineData(new[] { (char)0xD83D, (char)0xDE00, (char)0xDE00 }, false)]
    [InlineData(new[] { (char)0xD83D, (char)0xD83D, (char)0xDE00 }, false)]
    [InlineData(new[] { (char)0xD83D, 'x', (char)0xDE00 }, false)]
    public void IsWellFormed_accepts_only_paired_surrogates(char[] chars, bool wellFormed)
    {
        Assert.Equal(wellFormed, MongoBlockStore.IsWellFormed(new string(chars)));
    }
}
