using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class TradesApiTests(GatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task PuttingANewTradeCreatesVersionOneAndTheSameBodyAgainKeepsIt()
    {
        var id = NewId("eu");

        var created = await Client.PutAsJsonAsync($"/v1/trades/{id}", European(id));
        var again = await Client.PutAsJsonAsync($"/v1/trades/{id}", European(id));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/trades/{id}", created.Headers.Location?.OriginalString);
        var first = await JsonAsync(created);
        Assert.Equal(id, first.GetProperty("tradeId").GetString());
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal("default", first.GetProperty("book").GetString());
        Assert.True(first.GetProperty("changed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await JsonAsync(again);
        Assert.Equal(1, second.GetProperty("version").GetInt32());
        Assert.False(second.GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task AChangedTradeIsVersionTwoAndVersionOneCanStillBeRead()
    {
        var id = NewId("eu");
        await Client.PutAsJsonAsync($"/v1/trades/{id}", European(id, strike: 127.2));

        var changed = await Client.PutAsJsonAsync($"/v1/trades/{id}", European(id, strike: 130));
        var latest = await Client.GetFromJsonAsync<JsonElement>($"/v1/trades/{id}");
        var first = await Client.GetFromJsonAsync<JsonElement>($"/v1/trades/{id}?version=1");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = await JsonAsync(changed);
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.True(body.GetProperty("changed").GetBoolean());
        Assert.Equal(2, latest.GetProperty("version").GetInt32());
        Assert.Equal(130, latest.GetProperty("trade").GetProperty("strike").GetDouble());
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal(127.2, first.GetProperty("trade").GetProperty("strike").GetDouble());
        Assert.True(first.TryGetProperty("storedAt", out _));
    }

    [Fact]
    public async Task AStoredTradeReadsBackInTheContractsShape()
    {
        var id = NewId("sw");
        var swap = Requests.Swap();
        swap["id"] = id;
        swap["book"] = "rates";
        await Client.PutAsJsonAsync($"/v1/trades/{id}", swap);

        var trade = (await Client.GetFromJsonAsync<JsonElement>($"/v1/trades/{id}")).GetProperty("trade");

        Assert.Equal(id, trade.GetProperty("id").GetString());
        Assert.Equal("interestRateSwap", trade.GetProperty("type").GetString());
        Assert.Equal("rates", trade.GetProperty("book").GetString());
        Assert.Equal("payFixed", trade.GetProperty("direction").GetString());
        Assert.Equal("quarterly", trade.GetProperty("floatFrequency").GetString());
        Assert.Equal("2052-07-15", trade.GetProperty("maturityDate").GetString());
        Assert.Equal(10_000_000, trade.GetProperty("notional").GetDouble());
    }

    [Fact]
    public async Task VersionsThatDoNotExistAreNotFoundAndAVersionThatIsNotANumberIsABadRequest()
    {
        var id = NewId("eu");
        await Client.PutAsJsonAsync($"/v1/trades/{id}", European(id));

        var missing = await Client.GetAsync($"/v1/trades/{id}?version=2");
        var notANumber = await Client.GetAsync($"/v1/trades/{id}?version=first");
        var zero = await Client.GetAsync($"/v1/trades/{id}?version=0");
        var neverStored = await Client.GetAsync($"/v1/trades/{NewId("eu")}");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        await ProblemAssertions.AssertBadRequestAsync(notANumber, exact: true, "version");
        await ProblemAssertions.AssertBadRequestAsync(zero, exact: true, "version");
        Assert.Equal(HttpStatusCode.NotFound, neverStored.StatusCode);
        Assert.Equal("application/problem+json", neverStored.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ABodyWithoutAnIdTakesTheRoutesId()
    {
        var id = NewId("eu");
        var body = European(id);
        body.Remove("id");

        var response = await Client.PutAsJsonAsync($"/v1/trades/{id}", body);
        var stored = await Client.GetFromJsonAsync<JsonElement>($"/v1/trades/{id}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(id, stored.GetProperty("trade").GetProperty("id").GetString());
    }

    [Fact]
    public async Task AnIdInTheBodyOtherThanTheRoutesIsABadRequestAndNothingIsStored()
    {
        var id = NewId("eu");

        var response = await Client.PutAsJsonAsync($"/v1/trades/{id}", European(id + "-x"));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "id");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/trades/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/trades/{id}-x")).StatusCode);
    }

    [Fact]
    public async Task AnInvalidTradeNamesEveryBadFieldAndNothingIsStored()
    {
        var id = NewId("eu");
        var body = European(id);
        body["strike"] = -1;
        body["quantty"] = 2;

        var response = await Client.PutAsJsonAsync($"/v1/trades/{id}", body);

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "strike", "quantty");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/trades/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("[]", "$")]
    [InlineData("42", "$")]
    [InlineData("{ \"id\": ", "$")]
    public async Task APutBodyThatIsNotATradeObjectIsABadRequest(string body, string path)
    {
        var response = await Client.PutAsync($"/v1/trades/{NewId("eu")}", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, path);
    }

    [Fact]
    public async Task ARouteIdThatCannotBeAKeyIsABadRequest()
    {
        var response = await Client.PutAsJsonAsync("/v1/trades/eu%201", European("eu 1"));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "tradeId");
    }

    [Fact]
    public async Task ATradePutIntoAnotherBookLeavesTheFirstBook()
    {
        var bookA = NewId("book");
        var bookB = NewId("book");
        var moving = NewId("eu");
        var staying = NewId("eu");
        await Client.PutAsJsonAsync($"/v1/trades/{moving}", European(moving, book: bookA));
        await Client.PutAsJsonAsync($"/v1/trades/{staying}", European(staying, book: bookA));

        var moved = await JsonAsync(await Client.PutAsJsonAsync($"/v1/trades/{moving}", European(moving, book: bookB)));

        Assert.Equal(2, moved.GetProperty("version").GetInt32());
        Assert.Equal(bookB, moved.GetProperty("book").GetString());
        Assert.Equal([(staying, 1)], await BookAsync(bookA));
        Assert.Equal([(moving, 2)], await BookAsync(bookB));
    }

    [Fact]
    public async Task ABulkArrayOfTwoThousandTradesAcrossThreeBooksIsStoredAndListedByBook()
    {
        var books = Enumerable.Range(0, 3).Select(_ => NewId("book")).ToList();
        var trades = Enumerable.Range(0, 2000).Select(i => European($"{books[i % 3]}-eu-{i:D4}", strike: 100 + i % 50, book: books[i % 3])).ToList();

        var response = await Client.PostAsJsonAsync("/v1/trades", new JsonArray([.. trades]));
        var again = await Client.PostAsJsonAsync("/v1/trades", new JsonArray([.. trades.Select(t => t.DeepClone())]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var counts = await JsonAsync(response);
        Assert.Equal((2000, 2000, 0), (counts.GetProperty("stored").GetInt32(), counts.GetProperty("created").GetInt32(), counts.GetProperty("changed").GetInt32()));
        var repeated = await JsonAsync(again);
        Assert.Equal((2000, 0, 0), (repeated.GetProperty("stored").GetInt32(), repeated.GetProperty("created").GetInt32(), repeated.GetProperty("changed").GetInt32()));
        for (var b = 0; b < books.Count; b++)
        {
            var expected = trades.Where((_, i) => i % 3 == b).Select(t => (t["id"]!.GetValue<string>(), 1)).Order().ToList();
            Assert.Equal(expected, await BookAsync(books[b]));
        }

        var sample = await Client.GetFromJsonAsync<JsonElement>($"/v1/trades/{books[1]}-eu-1999");
        Assert.Equal(100 + 1999 % 50, sample.GetProperty("trade").GetProperty("strike").GetDouble());
    }

    [Fact]
    public async Task ABulkThatChangesSomeTradesCountsCreatedAndChangedApart()
    {
        var book = NewId("book");
        var ids = Enumerable.Range(0, 10).Select(i => $"{book}-{i}").ToList();
        await Client.PostAsJsonAsync("/v1/trades", new JsonArray([.. ids.Take(6).Select(id => European(id, book: book))]));

        var response = await Client.PostAsJsonAsync("/v1/trades", new JsonArray([.. ids.Select((id, i) => European(id, strike: i < 2 ? 99 : 127.2, book: book))]));

        var counts = await JsonAsync(response);
        Assert.Equal((10, 4, 2), (counts.GetProperty("stored").GetInt32(), counts.GetProperty("created").GetInt32(), counts.GetProperty("changed").GetInt32()));
    }

    [Theory]
    [InlineData("application/x-ndjson")]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task AnNdjsonBulkIsStored(string? contentType)
    {
        var book = NewId("book");
        var trades = new List<JsonObject>();
        for (var i = 0; i < 25; i++)
        {
            foreach (var make in new Func<JsonObject>[] { Requests.European, Requests.Asian, Requests.Swap, Requests.Bond })
            {
                var trade = make();
                trade["id"] = $"{book}-{trades.Count:D3}";
                trade["book"] = book;
                trades.Add(trade);
            }
        }

        var text = "\n" + string.Join("\r\n", trades.Select(t => t.ToJsonString())) + "\n\n";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        var response = await Client.PostAsync("/v1/trades", content);

        var counts = await JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, counts.GetProperty("stored").GetInt32());
        Assert.Equal(trades.Select(t => (t["id"]!.GetValue<string>(), 1)).ToList(), await BookAsync(book));
        var bond = await Client.GetFromJsonAsync<JsonElement>($"/v1/trades/{book}-003");
        Assert.Equal("fixedRateBond", bond.GetProperty("trade").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ABulkWithOneBadTradeNamesItAndStoresNothing()
    {
        var book = NewId("book");
        var trades = Enumerable.Range(0, 100).Select(i => European($"{book}-{i}", book: book)).ToList();
        trades[17]["strike"] = "high";

        var response = await Client.PostAsJsonAsync("/v1/trades", new JsonArray([.. trades]));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "[17].strike");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/trades/{book}-0")).StatusCode);
        Assert.Empty(await BookAsync(book));
    }

    [Fact]
    public async Task AnNdjsonBulkWithABadTradeNamesItsIndexAndLineAndStoresNothing()
    {
        var book = NewId("book");
        var lines = Enumerable.Range(0, 30).Select(i => European($"{book}-{i}", book: book).ToJsonString()).ToList();
        lines[17] = lines[17].Replace("\"strike\":127.2", "\"strike\":-5", StringComparison.Ordinal);
        lines.Insert(10, string.Empty); // a blank line: trade [17] is on line 19, trade [24] on line 26
        lines[25] = "{ not json";

        var response = await Client.PostAsync("/v1/trades", new StringContent(string.Join("\n", lines), Encoding.UTF8, "application/x-ndjson"));

        var errors = await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "[17].strike", "[24]");
        Assert.StartsWith("line 19: ", errors.GetProperty("[17].strike")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("line 26: ", errors.GetProperty("[24]")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await BookAsync(book));
    }

    [Fact]
    public async Task ABadTradeAfterWholeChunksHaveGoneToTheStoreStillStoresNothing()
    {
        var book = NewId("book");
        var count = 2 * XiP.Gateway.Apis.TradesApi.UploadChunkSize + 100;
        var lines = Enumerable.Range(0, count).Select(i => European($"{book}-{i}", book: book).ToJsonString()).ToList();
        lines[^3] = lines[^3].Replace("\"strike\":127.2", "\"strike\":\"high\"", StringComparison.Ordinal);

        var response = await Client.PostAsync("/v1/trades", new StringContent(string.Join("\n", lines), Encoding.UTF8, "application/x-ndjson"));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, $"[{count - 3}].strike");
        Assert.Empty(await BookAsync(book));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/trades/{book}-0")).StatusCode);
    }

    [Fact]
    public async Task AnUploadWhoseConnectionBreaksMidBodyStoresNothing()
    {
        var book = NewId("book");
        var text = string.Join("\n", Enumerable.Range(0, 3 * XiP.Gateway.Apis.TradesApi.UploadChunkSize).Select(i => European($"{book}-{i}", book: book).ToJsonString()));
        var bytes = Encoding.UTF8.GetBytes(text);
        using var content = new StreamContent(new BreakingStream(bytes, breakAt: bytes.Length * 3 / 4));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");

        await Assert.ThrowsAnyAsync<Exception>(() => Client.PostAsync("/v1/trades", content));

        // the gateway aborts the upload when the body breaks; the store's transaction is gone once the abort returns,
        // and a later upload has to wait for it, so storing one more trade proves the first left nothing
        var marker = NewId("eu");
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsJsonAsync($"/v1/trades/{marker}", European(marker))).StatusCode);
        Assert.Empty(await BookAsync(book));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/trades/{book}-0")).StatusCode);
    }

    [Fact]
    public async Task ABulkWithARepeatedIdNamesTheRepeatAndStoresNothing()
    {
        var book = NewId("book");
        var trades = Enumerable.Range(0, 10).Select(i => European($"{book}-{i}", book: book)).ToList();
        trades[7]["id"] = $"{book}-2";

        var response = await Client.PostAsJsonAsync("/v1/trades", new JsonArray([.. trades]));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "[7].id");
        Assert.Empty(await BookAsync(book));
    }

    [Theory]
    [InlineData("[]", "$")]
    [InlineData("   ", "$")]
    [InlineData("[{\"id\": \"x\"", "$")]
    [InlineData("[", "$")]
    [InlineData("[] []", "$")]
    [InlineData("[1]", "[0]")]
    public async Task AMalformedOrEmptyBulkIsABadRequest(string body, string path)
    {
        var response = await Client.PostAsync("/v1/trades", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, path);
    }

    private static JsonObject European(string id, double strike = 127.2, string? book = null)
    {
        var trade = Requests.European();
        trade["id"] = id;
        trade["strike"] = strike;
        if (book is not null)
        {
            trade["book"] = book;
        }

        return trade;
    }

    [Fact]
    public async Task A_books_trades_are_listed_a_page_at_a_time_in_id_order_and_bad_paging_is_refused_by_name()
    {
        var book = NewId("paged");
        var trades = new JsonArray();
        for (var i = 0; i < 20; i++)
        {
            var trade = Requests.European();
            trade["id"] = $"{book}-{i:D2}";
            trade["book"] = book;
            trades.Add(trade);
        }

        (await Client.PostAsJsonAsync("/v1/trades", trades)).EnsureSuccessStatusCode();
        var pages = new List<List<string>>();
        string? cursor = null;
        do
        {
            var body = await Client.GetFromJsonAsync<JsonElement>($"/v1/books/{book}/trades?limit=7" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            pages.Add(body.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()!).ToList());
            cursor = body.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal([7, 7, 6], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{book}-{i:D2}"), pages.SelectMany(p => p));
        Assert.Equal(20, (await BookAsync(book)).Count);
        await ProblemAssertions.AssertBadRequestAsync(await Client.GetAsync($"/v1/books/{book}/trades?limit=0"), exact: true, "limit");
        await ProblemAssertions.AssertBadRequestAsync(await Client.GetAsync($"/v1/books/{book}/trades?limit=ten"), exact: true, "limit");
        await ProblemAssertions.AssertBadRequestAsync(await Client.GetAsync($"/v1/books/{book}/trades?cursor=%%%"), exact: true, "cursor");
    }

    private async Task<List<(string TradeId, int Version)>> BookAsync(string book)
    {
        var body = await Client.GetFromJsonAsync<JsonElement>($"/v1/books/{book}/trades?limit=10000");
        Assert.Equal(book, body.GetProperty("book").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("nextCursor").ValueKind);
        return body.GetProperty("items").EnumerateArray().Select(t => (t.GetProperty("tradeId").GetString()!, t.GetProperty("version").GetInt32())).ToList();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A request body that fails part way, as a connection that breaks.</summary>
    private sealed class BreakingStream(byte[] data, int breakAt) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= breakAt)
            {
                throw new IOException("The connection broke.");
            }

            var n = Math.Min(count, Math.Min(breakAt, data.Length) - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
