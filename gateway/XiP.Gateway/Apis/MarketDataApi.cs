using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Contracts.Markets;
using XiP.Gateway.Validation;

using XiP.Gateway.Security;

namespace XiP.Gateway.Apis;

/// <summary>Stored, immutable market-data snapshots.</summary>
public static class MarketDataApi
{
    public static IEndpointRouteBuilder MapMarketDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/market-data").WithTags("Market data").RequireAuthorization(XiPRoles.Viewer);
        api.MapPut("/{snapshotId}", Put)
            .WithName("PutMarketData")
            .WithSummary("Stores a market-data snapshot under an id; a stored snapshot never changes.")
            .WithDescription("201 when stored, 200 when the same snapshot was already stored, 409 when a different one is stored under the id.")
            .RequireAuthorization(XiPRoles.Trader)
            .RequireJson()
            .Accepts<MarketData>("application/json")
            .Produces<MarketDataView>(StatusCodes.Status201Created)
            .Produces<MarketDataView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{snapshotId}", Get)
            .WithName("GetMarketData")
            .WithSummary("Reads a stored market-data snapshot.")
            .Produces<MarketDataView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<MarketDataView>, Ok<MarketDataView>, ValidationProblem, ProblemHttpResult>> Put(
        string snapshotId, HttpRequest request, IGrainFactory grains, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        if (ResourceIds.Problem(snapshotId) is { } idProblem)
        {
            return ApiResults.Invalid("snapshotId", idProblem);
        }

        var errors = new ValidationErrors();
        using var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, errors, cancellationToken);
        if (body is null || JsonObjectReader.Open(body.RootElement, string.Empty, errors) is not { } root || MarketDataReader.Read(root) is not { } snapshot || errors.Any)
        {
            return ApiResults.Invalid(errors);
        }

        try
        {
            await grains.GetGrain<IPricingGrain>(GrainKeys.StatelessWorker).CheckAsync(snapshot);
        }
        catch (InvalidMarketDataException e)
        {
            return ApiResults.Invalid(e.Path, e.Message);
        }

        var grain = grains.GetGrain<IMarketDataGrain>(snapshotId);
        var outcome = await grain.PutAsync(snapshot);
        if (outcome == StoreOutcome.Conflict)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A different snapshot is stored under this id.",
                detail: $"Market-data snapshot '{snapshotId}' is immutable; store the changed data under a new id.");
        }

        var view = View((await grain.GetAsync())!);
        return outcome == StoreOutcome.Created
            ? TypedResults.Created($"/v1/market-data/{Uri.EscapeDataString(snapshotId)}", view)
            : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<MarketDataView>, ProblemHttpResult>> Get(string snapshotId, IGrainFactory grains)
    {
        if (ResourceIds.IsValid(snapshotId) && await grains.GetGrain<IMarketDataGrain>(snapshotId).GetAsync() is { } stored)
        {
            return TypedResults.Ok(View(stored));
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such market-data snapshot.", detail: $"No snapshot '{snapshotId}' is stored.");
    }

    private static MarketDataView View(StoredMarketData stored) => new(stored.Id, stored.StoredAt, stored.Snapshot.ToContract());
}


/// <summary>The shape of ids in routes: what can be a grain key and a URL segment without surprises.</summary>
public static class ResourceIds
{
    private const int MaxLength = 200;

    /// <summary>What is wrong with <paramref name="id"/> as the contract words it, or null when nothing is.</summary>
    public static string? Problem(string id) =>
        IsValid(id) ? null : $"must be 1 to {MaxLength} characters of letters, digits, '-', '_', '.' or ':'.";

    public static bool IsValid(string id) =>
        id.Length is > 0 and <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
