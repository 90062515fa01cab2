using XiP.Abstractions.Results;

namespace XiP.Results.Mongo.Tests;

/// <summary>
/// Bad arguments are rejected before the store talks to a server. The store here points at a closed port
/// with a short server selection timeout, so an operation that did reach for the server would fail with a
/// <see cref="TimeoutException"/> instead of the <see cref="ArgumentException"/> these tests expect.
/// </summary>
public sealed class MongoResultStoreArgumentTests : IDisposable
{
    private const string Run = "run-1";

    private readonly MongoResultStore _store = new(new MongoResultStoreOptions
    {
        ConnectionString = "mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000",
    });

    public void Dispose() => _store.Dispose();

    public static TheoryData<ResultRecord?> BadRecords => new()
    {
        null,
        new ResultRecord(string.Empty, "T1", "PV", "Rates", 1, null, null),
        new ResultRecord(Run, null!, "PV", "Rates", 1, null, null),
        new ResultRecord(Run, "T1", string.Empty, "Rates", 1, null, null),
        new ResultRecord(Run, "T1", "PV", null!, 1, null, null),
        new ResultRecord(Run, "T\uD800", "PV", "Rates", 1, null, null),
        new ResultRecord(Run, "T1", "PV\uDC00x", "Rates", 1, null, null),
        new ResultRecord(Run, "T1", "PV", "\uDBFF", 1, null, null),
        new ResultRecord("run\uDC00\uD800", "T1", "PV", "Rates", 1, null, null),
        new ResultRecord(Run, "T1", "PV", "Rates", 1, null, "failed \uD83D"),
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task A_batch_with_a_bad_record_is_rejected_naming_the_record(ResultRecord? bad)
    {
        var good = new ResultRecord(Run, "T0", "PV", "Rates", 1, [1.0], null);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => _store.UpsertAsync([good, bad!]));

        Assert.Equal("records", exception.ParamName);
        Assert.StartsWith("Record 1 ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_arguments_throw_ArgumentNullException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.UpsertAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.ReadAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.CountAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _store.DeleteRunAsync(null!));
    }

    [Theory]
    [InlineData("", null, null, null, "query.RunId")]
    [InlineData(Run, null, null, "not a cursor", "query.Cursor")]
    [InlineData(Run, "PV", "Rates", "", "query.Cursor")]
    public async Task A_bad_query_throws_ArgumentException_naming_the_field(string runId, string? measure, string? book, string? cursor, string paramName)
    {
        var exception = await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.ReadAsync(new ResultQuery(runId, measure, book, cursor, 10)));

        Assert.Equal(paramName, exception.ParamName);
    }

    // Lone surrogates are built here: attribute arguments are stored as UTF-8, which would replace them with U+FFFD.
    [Fact]
    public async Task A_query_string_with_a_lone_surrogate_throws_ArgumentException_naming_the_field()
    {
        var lone = $"x{(char)0xD800}";
        ResultQuery[] queries = [new(lone, null, null, null, 10), new(Run, lone, null, null, 10), new(Run, null, lone, null, 10)];

        var names = new List<string?>();
        foreach (var query in queries)
        {
            names.Add((await Assert.ThrowsAsync<ArgumentException>(() => _store.ReadAsync(query))).ParamName);
        }

        Assert.Equal(["query.RunId", "query.Measure", "query.Book"], names);
    }

    [Fact]
    public async Task A_bad_run_id_is_rejected_by_count_and_delete()
    {
        foreach (var runId in new[] { string.Empty, $"run{(char)0xDFFF}" })
        {
            Assert.Equal("runId", (await Assert.ThrowsAsync<ArgumentException>(() => _store.CountAsync(runId))).ParamName);
            Assert.Equal("runId", (await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteRunAsync(runId))).ParamName);
        }
    }

    [Fact]
    public async Task An_empty_batch_returns_without_reaching_for_the_server()
    {
        await _store.UpsertAsync([]);
    }

    [Theory]
    [InlineData(new[] { 'a', 'b' }, true)]
    [InlineData(new[] { 'x', (char)0xD83D, (char)0xDE00, 'y' }, true)]
    [InlineData(new[] { (char)0xD83D }, false)]
    [InlineData(new[] { 'x', (char)0xDE00 }, false)]
    [InlineData(new[] { (char)0xDE00, (char)0xD83D }, false)]
    [InlineData(new[] { (char)0xD83D, (char)0xDE00, (char)0xDE00 }, false)]
    [InlineData(new[] { (char)0xD83D, (char)0xD83D, (char)0xDE00 }, false)]
    public void IsWellFormed_accepts_only_paired_surrogates(char[] chars, bool wellFormed)
    {
        Assert.Equal(wellFormed, MongoResultStore.IsWellFormed(new string(chars)));
    }

    [Fact]
    public void IsWellFormed_accepts_null_and_empty()
    {
        Assert.True(MongoResultStore.IsWellFormed(null));
        Assert.True(MongoResultStore.IsWellFormed(string.Empty));
    }

    [Fact]
    public async Task A_disposed_store_refuses_work()
    {
        _store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.InitializeAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.CountAsync(Run));
    }
}
