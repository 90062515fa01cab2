using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using XiP.Abstractions;
using XiP.Abstractions.Catalog;
using XiP.Abstractions.Trades;
using XiP.Contracts;
using XiP.Contracts.Lists;
using XiP.Gateway.Security;
using XiP.Gateway.Validation;

namespace XiP.Gateway.Apis;

/// <summary>What is stored, a page at a time (REST contract, "Lists"), so a client can offer choices instead of free text.</summary>
public static class ListsApi
{
    private const string Paging = "?limit= (1 to 10000, default 1000) per page; ?cursor= the previous page's nextCursor, null on the last page.";

    public static IEndpointRouteBuilder MapListsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/books", Books).WithTags("Trades").RequireAuthorization(XiPRoles.Viewer)
            .WithName("ListBooks")
            .WithSummary("Lists the books holding trades, by name, with their trade counts; only the books the caller is entitled to.")
            .WithDescription(Paging)
            .Produces<ListPage<BookListEntry>>()
            .ProducesValidationProblem();
        app.MapGet("/v1/market-data", MarketData).WithTags("Market data").RequireAuthorization(XiPRoles.Viewer)
            .WithName("ListMarketData")
            .WithSummary("Lists the stored snapshots, newest first.")
            .WithDescription(Paging)
            .Produces<ListPage<MarketDataListEntry>>()
            .ProducesValidationProblem();
        app.MapGet("/v1/scenario-sets", ScenarioSets).WithTags("Scenario sets").RequireAuthorization(XiPRoles.Viewer)
            .WithName("ListScenarioSets")
            .WithSummary("Lists the stored scenario sets, newest first.")
            .WithDescription(Paging)
            .Produces<ListPage<ScenarioSetListEntry>>()
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Ok<ListPage<BookListEntry>>, ValidationProblem>> Books(
        IGrainFactory grains, HttpContext context, [FromQuery] string? cursor, [FromQuery] string? limit)
    {
        if (Size(limit) is not { } size)
        {
            return LimitProblem();
        }

        string? after = null;
        if (cursor is not null && (after = BookCursor.Decode(cursor)) is null)
        {
            return CursorProblem();
        }

        var caller = Caller.Of(context);
        var directory = grains.GetGrain<IBookDirectoryGrain>(GrainKeys.Singleton);
        var items = new List<BookListEntry>();
        var more = false;

        // a caller limited to some books pages on past the others, so a page is full unless the books run out
        while (true)
        {
            var batch = await directory.ListAsync(after, size + 1);
            foreach (var book in batch)
            {
                if (!caller.MayUse(book.Book))
                {
                    continue;
                }

                if (items.Count == size)
                {
                    more = true;
                    break;
                }

                items.Add(new BookListEntry(book.Book, book.Trades));
            }

            if (more || batch.Count <= size)
            {
                break;
            }

            after = batch[^1].Book;
        }

        return TypedResults.Ok(new ListPage<BookListEntry>(items, more ? BookCursor.Encode(items[^1].Book) : null));
    }

    public static Task<Results<Ok<ListPage<MarketDataListEntry>>, ValidationProblem>> MarketData(
        IGrainFactory grains, [FromQuery] string? cursor, [FromQuery] string? limit) =>
        CatalogPageAsync(grains, CatalogKinds.MarketData, cursor, limit, e => new MarketDataListEntry(e.Id, e.ValuationDate ?? default, e.StoredAt));

    public static Task<Results<Ok<ListPage<ScenarioSetListEntry>>, ValidationProblem>> ScenarioSets(
        IGrainFactory grains, [FromQuery] string? cursor, [FromQuery] string? limit) =>
        CatalogPageAsync(grains, CatalogKinds.ScenarioSets, cursor, limit, e => new ScenarioSetListEntry(e.Id, e.Scenarios ?? 0, e.StoredAt));

    // snapshots and scenario sets are listed the same way: newest first from their catalog, every caller sees all
    private static async Task<Results<Ok<ListPage<T>>, ValidationProblem>> CatalogPageAsync<T>(
        IGrainFactory grains, string kind, string? cursor, string? limit, Func<CatalogEntry, T> entry)
    {
        if (Size(limit) is not { } size)
        {
            return LimitProblem();
        }

        CatalogPosition? after = null;
        if (cursor is not null && (after = CatalogCursor.Decode(cursor)) is null)
        {
            return CursorProblem();
        }

        var page = await grains.GetGrain<ICatalogGrain>(kind).ListAsync(after, size);
        return TypedResults.Ok(new ListPage<T>(page.Items.ConvertAll(e => entry(e)), page.More ? CatalogCursor.Encode(page.Items[^1]) : null));
    }

    /// <summary>The page size, or null when <paramref name="limit"/> is not a whole number in range; read here rather than bound so the 400 names the parameter.</summary>
    private static int? Size(string? limit) =>
        limit is null ? Limits.DefaultResultPageSize
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= Limits.MaxResultPageSize ? size
        : null;

    private static ValidationProblem LimitProblem() => ApiResults.Invalid("limit", $"must be a whole number from 1 to {Limits.MaxResultPageSize}.");

    private static ValidationProblem CursorProblem() => ApiResults.Invalid("cursor", "is not a cursor of this listing; pass back the nextCursor of the previous page.");
}

/// <summary>The cursor of a newest-first listing: the last entry's time (ticks) and id, as base64url so that it reads as opaque.</summary>
internal static class CatalogCursor
{
    public static string Encode(CatalogEntry last) => System.Buffers.Text.Base64Url.EncodeToString(
        System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{last.StoredAt.UtcTicks}:{last.Id}")));

    public static CatalogPosition? Decode(string cursor)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0
                && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && ResourceIds.IsValid(text[(colon + 1)..])
                ? new CatalogPosition(new DateTimeOffset(ticks, TimeSpan.Zero), text[(colon + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
