using XiP.Trades;

namespace XiP.Grains.Tests;

/// <summary>The SQLite trade store when several stores of one process share its file, as the silos of a test cluster do.</summary>
public sealed class SqliteTradeStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"xip-trade-store-tests-{Guid.NewGuid():N}");

    private string DatabasePath => Path.Combine(_directory, "trades.db");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_upload_waiting_for_another_stores_upload_on_the_same_file_awaits_it_without_holding_its_thread()
    {
        using var first = new SqliteTradeStore(DatabasePath, "trade-store-tests");
        using var second = new SqliteTradeStore(DatabasePath, "trade-store-tests");
        await second.InitializeAsync();
        var holding = await first.BeginUploadAsync();

        // Before: the second store's BEGIN IMMEDIATE slept in SQLite's busy handler on the caller's thread for 30 s,
        // then failed with SQLITE_BUSY. Now the call returns at once, with an upload still to come.
        var waiting = second.BeginUploadAsync();
        Assert.False(waiting.IsCompleted, $"the second upload did not wait for the first: {waiting.Status}");

        await holding.CommitAsync();
        await using var upload = await waiting;
        Assert.Equal(0, (await upload.CommitAsync()).Stored);
    }
}
