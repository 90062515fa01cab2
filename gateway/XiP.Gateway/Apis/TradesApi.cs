using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Trades;
using XiP.Contracts;
using XiP.Contracts.Trades;
using XiP.Gateway.Validation;

using XiP.Gateway.Security;

namespace XiP.Gateway.Apis;

/// <summary>Stored, versioned trades and the books that hold them.</summary>
public static class TradesApi
{
    /// <summary>How many trades one chunk of a bulk upload carries to the store (the gateway holds at most two).</summary>
    public const int UploadChunkSize = 4096;

    public static IEndpointRouteBuilder MapTradesApi(this IEndpointRouteBuilder app)
    {
        var trades = app.MapGroup("/v1/trades").WithTags("Trades").RequireAuthorization(XiPRoles.Viewer);
        trades.MapPut("/{tradeId}", Put)
            .WithName("PutTrade")
            .WithSummary("Stores one trade under its id; a changed definition becomes the next version.")
            .WithDescription("201 for a new trade, 200 otherwise; `changed` says whether a new version was written (an identical body keeps the version). "
                + "The body's `id` may be left out; when given it must equal the id in the route.")
            .RequireAuthorization(XiPRoles.Trader)
            .RequireJson()
            .Accepts<Trade>("application/json")
            .Produces<TradeStoredView>(StatusCodes.Status201Created)
            .Produces<TradeStoredView>()
            .ProducesValidationProblem();
        trades.MapPost(string.Empty, PostMany)
            .WithName("PostTrades")
            .WithSummary("Stores many trades: a JSON array, or NDJSON (one trade per line).")
            .WithDescription("Every trade is validated first; if any is invalid (or two share an id) nothing is stored and the errors name `[i].field`, "
                + "with the line in each message for NDJSON. NDJSON is read when the content type is application/x-ndjson or the body does not start with '['. "
                + "`created` counts new trades, `changed` stored trades given a new version; the rest were identical to their current version.")
            // Content types that routing lets through; the body decides between array and NDJSON, not the label.
            .RequireAuthorization(XiPRoles.Trader)
            .RequireJsonOrNdjson()
            .Accepts<List<Trade>>("application/json", "application/x-ndjson", "application/jsonl", "text/plain")
            .Produces<TradeBatchView>()
            .ProducesValidationProblem();
        trades.MapGet("/{tradeId}", Get)
            .WithName("GetTrade")
            .WithSummary("Reads a stored trade at its current version, or at ?version=N.")
            .Produces<TradeView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var books = app.MapGroup("/v1/books").WithTags("Trades").RequireAuthorization(XiPRoles.Viewer);
        books.MapGet("/{book}/trades", GetBook)
            .WithName("GetBookTrades")
            .WithSummary("Lists the trades of a book (trades stored without a book are in 'default'), ordered by id, a page at a time.")
            .WithDescription($"?limit= (1 to {Limits.MaxResultPageSize}, default {Limits.DefaultResultPageSize}) trades per page; ?cursor= the previous page's nextCursor, null on the last page.")
            .Produces<BookTradesView>()
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Created<TradeStoredView>, Ok<TradeStoredView>, ValidationProblem, ProblemHttpResult>> Put(
        string tradeId, HttpRequest request, IGrainFactory grains, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        if (ResourceIds.Problem(tradeId) is { } idProblem)
        {
            return ApiResults.Invalid("tradeId", idProblem);
        }

        var errors = new ValidationErrors();
        using var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, errors, cancellationToken);
        if (body is null || body.RootElement.ValueKind != JsonValueKind.Object)
        {
            // Open records why a body that is not an object cannot be a trade.
            _ = body is null ? null : JsonObjectReader.Open(body.RootElement, string.Empty, errors);
            return ApiResults.Invalid(errors);
        }

        var element = WithRouteId(body.RootElement, tradeId, errors);
        if (TradeReader.Read(JsonObjectReader.Open(element, string.Empty, errors)!, market: null) is not { } trade || errors.Any)
        {
            return ApiResults.Invalid(errors);
        }

        // moving a trade takes entitlement to the book it leaves as well as the one it joins
        var caller = Caller.Of(request.HttpContext);
        if (!caller.MayUse(Books.Of(trade)))
        {
            return ApiResults.NotEntitled(Books.Of(trade));
        }

        if (!caller.Books.IsAll && await grains.GetGrain<ITradeGrain>(tradeId).GetAsync() is { } current && !caller.MayUse(Books.Of(current.Trade)))
        {
            return ApiResults.NotEntitled(Books.Of(current.Trade));
        }

        var stored = await grains.GetGrain<ITradeGrain>(tradeId).PutAsync(trade);
        var view = new TradeStoredView(tradeId, stored.Version, Books.Of(trade), stored.Changed);
        return stored.Created
            ? TypedResults.Created($"/v1/trades/{Uri.EscapeDataString(tradeId)}", view)
            : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<TradeBatchView>, ValidationProblem, ProblemHttpResult>> PostMany(
        HttpRequest request, IGrainFactory grains, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxBulkUploadBytes;
        // The server's own limit (Kestrel: 30 MB) would otherwise cut a bulk load short of the gateway's.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            throw BodyTooLarge.Declared(declared, maxBytes);
        }

        var errors = new ValidationErrors();

        // The body is read as it arrives and stored a chunk at a time in one transaction of the trade store, while the
        // next chunk is parsed; nothing is visible until the commit, and any bad trade aborts it all.
        var upload = grains.GetGrain<ITradeUploadGrain>(Guid.NewGuid().ToString("N"));
        var entitlement = new UploadEntitlement(Caller.Of(request.HttpContext), grains);
        var reader = new TradeBatchReader(request.Body, TradeBatchReader.IsNdjsonMediaType(request.ContentType), maxBytes, errors);
        var chunk = new UploadChunk();
        Task<List<UploadRepeatEntry>>? sending = null;
        UploadChunk? sent = null;
        var started = false;
        try
        {
            await foreach (var (trade, position, line) in reader.ReadAsync(cancellationToken))
            {
                if (errors.Any)
                {
                    continue;
                }

                chunk.Add(trade, position, line);
                if (chunk.Count == UploadChunkSize)
                {
                    if (await entitlement.FirstRefusedAsync(chunk.Trades) is { } refusedBook)
                    {
                        await upload.AbortAsync();
                        return ApiResults.NotEntitled(refusedBook);
                    }

                    await ReportRepeatsAsync(sending, sent, errors);
                    (sending, sent, chunk) = (chunk.SendAsync(upload), chunk, new UploadChunk());
                    started = true;
                }
            }

            await ReportRepeatsAsync(sending, sent, errors);
            if (!errors.Any && chunk.Count > 0 && await entitlement.FirstRefusedAsync(chunk.Trades) is { } refused)
            {
                await upload.AbortAsync();
                return ApiResults.NotEntitled(refused);
            }

            if (!errors.Any && chunk.Count > 0)
            {
                await ReportRepeatsAsync(chunk.SendAsync(upload), chunk, errors);
                started = true;
            }

            if (errors.Any)
            {
                await upload.AbortAsync();
                return ApiResults.Invalid(errors);
            }

            // once committing starts it runs to the end even if the client goes away
            var result = await upload.CommitAsync();
            return TypedResults.Ok(new TradeBatchView(result.Stored, result.Created, result.Changed));
        }
        catch when (started)
        {
            // the client went away or the store failed: nothing of the upload is kept
            await upload.AbortAsync();
            throw;
        }
    }

    private static async Task ReportRepeatsAsync(Task<List<UploadRepeatEntry>>? sending, UploadChunk? sent, ValidationErrors errors)
    {
        if (sending is null || sent is null)
        {
            return;
        }

        foreach (var repeat in await sending)
        {
            var line = sent.LineOf(repeat.Position);
            var message = repeat.FirstLine is { } firstLine ? $"repeats the id of the trade on line {firstLine}." : $"repeats the id of [{repeat.FirstPosition}].";
            errors.Add(ValidationErrors.Member(ValidationErrors.Element(string.Empty, repeat.Position), "id"), line is null ? message : $"line {line}: {message}");
        }
    }

    /// <summary>Trades on their way to the store, with their positions and NDJSON lines.</summary>
    private sealed class UploadChunk
    {
        private readonly List<TradeSpec> _trades = new(UploadChunkSize);
        private readonly List<int> _positions = new(UploadChunkSize);
        private List<int>? _lines;

        public int Count => _trades.Count;

        public IReadOnlyList<TradeSpec> Trades => _trades;

        public void Add(TradeSpec trade, int position, int? line)
        {
            _trades.Add(trade);
            _positions.Add(position);
            if (line is { } l)
            {
                (_lines ??= new List<int>(UploadChunkSize)).Add(l);
            }
        }

        public int? LineOf(int position)
        {
            var i = _positions.BinarySearch(position);
            return i >= 0 && _lines is not null ? _lines[i] : null;
        }

        // positions within a chunk are consecutive except where bad trades were skipped, so each chunk sends its own
        public async Task<List<UploadRepeatEntry>> SendAsync(ITradeUploadGrain upload)
        {
            var repeats = new List<UploadRepeatEntry>();
            var from = 0;
            while (from < _trades.Count)
            {
                var to = from + 1;
                while (to < _trades.Count && _positions[to] == _positions[to - 1] + 1)
                {
                    to++;
                }

                repeats.AddRange(await upload.AddAsync(_trades.GetRange(from, to - from), _positions[from], _lines?.GetRange(from, to - from)));
                if (repeats.Count > 0)
                {
                    break;
                }

                from = to;
            }

            return repeats;
        }
    }

    public static async Task<Results<Ok<TradeView>, ValidationProblem, ProblemHttpResult>> Get(string tradeId, string? version, IGrainFactory grains, HttpContext context)
    {
        int? wanted = null;
        if (version is not null)
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return ApiResults.Invalid("version", "must be a whole number from 1.");
            }

            wanted = number;
        }

        if (ResourceIds.IsValid(tradeId))
        {
            var grain = grains.GetGrain<ITradeGrain>(tradeId);
            if (await (wanted is { } v ? grain.GetVersionAsync(v) : grain.GetAsync()) is { } stored)
            {
                if (!Caller.Of(context).MayUse(Books.Of(stored.Trade)))
                {
                    return ApiResults.NotEntitled(Books.Of(stored.Trade));
                }

                return TypedResults.Ok(new TradeView(tradeId, stored.Version, Books.Of(stored.Trade), stored.StoredAt, stored.Trade.ToContract()));
            }

            if (wanted is not null && await grain.GetAsync() is { } latest)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "No such trade version.",
                    detail: $"Trade '{tradeId}' has versions 1 to {latest.Version}.");
            }
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such trade.", detail: $"No trade '{tradeId}' is stored.");
    }

    public static async Task<Results<Ok<BookTradesView>, ValidationProblem, ProblemHttpResult>> GetBook(
        string book, IGrainFactory grains, HttpContext context, [FromQuery] string? cursor, [FromQuery] string? limit)
    {
        if (!Caller.Of(context).MayUse(book))
        {
            return ApiResults.NotEntitled(book);
        }

        // read here rather than bound, so a value that is not a count is a 400 naming the parameter
        var size = Limits.DefaultResultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > Limits.MaxResultPageSize))
        {
            return ApiResults.Invalid("limit", $"must be a whole number from 1 to {Limits.MaxResultPageSize}.");
        }

        string? after = null;
        if (cursor is not null && (after = BookCursor.Decode(cursor)) is null)
        {
            return ApiResults.Invalid("cursor", "is not a cursor of this listing; pass back the nextCursor of the previous page.");
        }

        var page = await grains.GetGrain<IBookGrain>(book).ListPageAsync(after, size);
        var items = page.Items.ConvertAll(t => new BookTradeEntry(t.TradeId, t.Version));
        return TypedResults.Ok(new BookTradesView(book, items, page.More ? BookCursor.Encode(items[^1].TradeId) : null));
    }

    /// <summary>
    /// The trade object with the route's id: unchanged when it names an id (a different one is an error at
    /// <c>id</c>), otherwise a copy with <c>"id"</c> added.
    /// </summary>
    private static JsonElement WithRouteId(JsonElement trade, string tradeId, ValidationErrors errors)
    {
        var given = false;
        foreach (var member in trade.EnumerateObject())
        {
            if (string.Equals(member.Name, "id", StringComparison.OrdinalIgnoreCase) && member.Value.ValueKind != JsonValueKind.Null)
            {
                given = true;
                if (member.Value.ValueKind == JsonValueKind.String && !string.Equals(member.Value.GetString(), tradeId, StringComparison.Ordinal))
                {
                    errors.Add(ValidationErrors.Member(string.Empty, member.Name), $"must equal the trade id in the route ('{tradeId}'), or be left out.");
                }
            }
        }

        if (given)
        {
            return trade;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", tradeId);
            foreach (var member in trade.EnumerateObject())
            {
                if (!string.Equals(member.Name, "id", StringComparison.OrdinalIgnoreCase))
                {
                    member.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}

/// <summary>The cursor of a book's listing: the last trade id of the page, as base64url so that it reads as opaque.</summary>
internal static class BookCursor
{
    public static string Encode(string tradeId) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(tradeId));

    /// <summary>The trade id, or null when <paramref name="cursor"/> is not one this listing gave.</summary>
    public static string? Decode(string cursor)
    {
        try
        {
            var id = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
            return ResourceIds.IsValid(id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
