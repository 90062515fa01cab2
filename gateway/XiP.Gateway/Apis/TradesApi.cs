using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Trades;
using XiP.Gateway.Validation;

namespace XiP.Gateway.Apis;

/// <summary>Stored, versioned trades and the books that hold them.</summary>
public static class TradesApi
{
    /// <summary>How many trades one book upsert call carries at most.</summary>
    public const int UpsertChunkSize = 5000;

    // Books stored side by side by one bulk request; each book takes its chunks one after another.
    private const int BooksInFlight = 4;

    public static IEndpointRouteBuilder MapTradesApi(this IEndpointRouteBuilder app)
    {
        var trades = app.MapGroup("/v1/trades").WithTags("Trades");
        trades.MapPut("/{tradeId}", Put)
            .WithName("PutTrade")
            .WithSummary("Stores one trade under its id; a changed definition becomes the next version.")
            .WithDescription("201 for a new trade, 200 otherwise; `changed` says whether a new version was written (an identical body keeps the version). "
                + "The body's `id` may be left out; when given it must equal the id in the route.")
            .Accepts<TradeSpec>("application/json")
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
            .Accepts<List<TradeSpec>>("application/json", "application/x-ndjson", "application/jsonl", "text/plain")
            .Produces<TradeBatchView>()
            .ProducesValidationProblem();
        trades.MapGet("/{tradeId}", Get)
            .WithName("GetTrade")
            .WithSummary("Reads a stored trade at its current version, or at ?version=N.")
            .Produces<TradeView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var books = app.MapGroup("/v1/books").WithTags("Trades");
        books.MapGet("/{book}/trades", GetBook)
            .WithName("GetBookTrades")
            .WithSummary("Lists the trades of a book (trades stored without a book are in 'default'), ordered by id.")
            .Produces<BookTradesView>();
        return app;
    }

    public static async Task<Results<Created<TradeStoredView>, Ok<TradeStoredView>, ValidationProblem>> Put(
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

        var result = await grains.GetGrain<IBookGrain>(Books.Of(trade)).UpsertAsync([trade]);
        var stored = await grains.GetGrain<ITradeGrain>(tradeId).GetAsync()
            ?? throw new InvalidOperationException($"Trade '{tradeId}' was stored but cannot be read back.");
        var view = new TradeStoredView(tradeId, stored.Version, Books.Of(stored.Trade), result.Created + result.Changed > 0);
        return result.Created > 0
            ? TypedResults.Created($"/v1/trades/{Uri.EscapeDataString(tradeId)}", view)
            : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<TradeBatchView>, ValidationProblem>> PostMany(
        HttpRequest request, IGrainFactory grains, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxRequestBodyBytes;
        // The server's own limit (Kestrel: 30 MB) would otherwise cut a bulk load short of the gateway's.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBytes;
        }

        var errors = new ValidationErrors();
        var trades = await TradeBatchReader.ReadAsync(request, maxBytes, errors, cancellationToken);
        if (trades is null)
        {
            return ApiResults.Invalid(errors);
        }

        // Once storing starts it runs to the end even if the client goes away, so no book is left half done.
        var created = 0;
        var changed = 0;
        var byBook = trades.GroupBy(Books.Of, StringComparer.Ordinal);
        await Parallel.ForEachAsync(byBook, new ParallelOptions { MaxDegreeOfParallelism = BooksInFlight }, async (book, _) =>
        {
            var grain = grains.GetGrain<IBookGrain>(book.Key);
            foreach (var chunk in book.Chunk(UpsertChunkSize))
            {
                var result = await grain.UpsertAsync([.. chunk]);
                Interlocked.Add(ref created, result.Created);
                Interlocked.Add(ref changed, result.Changed);
            }
        });

        return TypedResults.Ok(new TradeBatchView(trades.Count, created, changed));
    }

    public static async Task<Results<Ok<TradeView>, ValidationProblem, ProblemHttpResult>> Get(string tradeId, string? version, IGrainFactory grains)
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

        if (ResourceIds.Problem(tradeId) is null)
        {
            var grain = grains.GetGrain<ITradeGrain>(tradeId);
            if (await (wanted is { } v ? grain.GetVersionAsync(v) : grain.GetAsync()) is { } stored)
            {
                return TypedResults.Ok(new TradeView(tradeId, stored.Version, Books.Of(stored.Trade), stored.StoredAt, stored.Trade));
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

    public static async Task<Ok<BookTradesView>> GetBook(string book, IGrainFactory grains)
    {
        var trades = await grains.GetGrain<IBookGrain>(book).GetTradesAsync();
        return TypedResults.Ok(new BookTradesView(book, trades.ConvertAll(t => new BookTradeEntry(t.Trade.Id, t.Version))));
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

/// <summary>What storing one trade did.</summary>
/// <param name="Changed">True when a new version was written (always for a new trade).</param>
public sealed record TradeStoredView(string TradeId, int Version, string Book, bool Changed);

/// <summary>What a bulk store did: <c>created</c> new trades, <c>changed</c> trades given a new version, out of <c>stored</c>.</summary>
public sealed record TradeBatchView(int Stored, int Created, int Changed);

/// <summary>A stored trade at one version, in the contract's trade shape.</summary>
public sealed record TradeView(string TradeId, int Version, string Book, DateTimeOffset StoredAt, TradeSpec Trade);

/// <summary>The trades of a book at their current versions.</summary>
public sealed record BookTradesView(string Book, List<BookTradeEntry> Trades);

/// <summary>One trade of a book.</summary>
public sealed record BookTradeEntry(string TradeId, int Version);
