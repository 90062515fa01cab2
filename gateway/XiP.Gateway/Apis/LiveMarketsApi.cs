using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Live;
using XiP.Abstractions.Pricing;
using XiP.Contracts.Live;
using XiP.Gateway.Security;
using XiP.Gateway.Validation;

namespace XiP.Gateway.Apis;

/// <summary>Live markets: market data that changes, one version per accepted change.</summary>
public static class LiveMarketsApi
{
    public static IEndpointRouteBuilder MapLiveMarketsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/live-markets").WithTags("Live pricing").RequireAuthorization(XiPRoles.Viewer);
        api.MapPut("/{name}", Put)
            .WithName("PutLiveMarket")
            .WithSummary("Replaces a live market whole (201 with version 1 when new, else 200 with the next version).")
            .RequireAuthorization(XiPRoles.Trader)
            .RequireJson()
            .Accepts<Contracts.Markets.MarketData>("application/json")
            .Produces<LiveMarketVersion>(StatusCodes.Status201Created)
            .Produces<LiveMarketVersion>()
            .ProducesValidationProblem();
        api.MapPatch("/{name}", Patch)
            .WithName("PatchLiveMarket")
            .WithSummary("Merges changed curves (each replaced whole) and equity fields into a live market.")
            .WithDescription("A patch with any problem is refused whole: 400 naming the field, and the live market stays as it was.")
            .RequireAuthorization(XiPRoles.Trader)
            .RequireJson()
            .Accepts<LiveMarketPatch>("application/json")
            .Produces<LiveMarketVersion>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{name}", Get)
            .WithName("GetLiveMarket")
            .WithSummary("Reads a live market's current version and market data.")
            .Produces<LiveMarketView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<LiveMarketVersion>, Ok<LiveMarketVersion>, ValidationProblem>> Put(
        string name, HttpRequest request, IGrainFactory grains, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        if (ResourceIds.Problem(name) is { } idProblem)
        {
            return ApiResults.Invalid("name", idProblem);
        }

        var errors = new ValidationErrors();
        using var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, errors, cancellationToken);
        if (body is null || JsonObjectReader.Open(body.RootElement, string.Empty, errors) is not { } root || MarketDataReader.Read(root) is not { } market || errors.Any)
        {
            return ApiResults.Invalid(errors);
        }

        try
        {
            var write = await grains.GetGrain<ILiveMarketGrain>(name).PutAsync(market);
            var version = new LiveMarketVersion(write.Version);
            return write.Created ? TypedResults.Created(Location(name), version) : TypedResults.Ok(version);
        }
        catch (InvalidMarketDataException e)
        {
            return ApiResults.Invalid(e.Path, e.Message);
        }
    }

    public static async Task<Results<Ok<LiveMarketVersion>, ValidationProblem, ProblemHttpResult>> Patch(
        string name, HttpRequest request, IGrainFactory grains, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<ILiveMarketGrain>(name);
        if (!ResourceIds.IsValid(name) || await grain.GetAsync() is not { } current)
        {
            return NotFound(name);
        }

        var errors = new ValidationErrors();
        using var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, errors, cancellationToken);
        if (body is null || JsonObjectReader.Open(body.RootElement, string.Empty, errors) is not { } root || MarketPatchReader.Read(root, current.MarketData.ValuationDate) is not { } patch)
        {
            return ApiResults.Invalid(errors);
        }

        try
        {
            return await grain.PatchAsync(patch) is { } write ? TypedResults.Ok(new LiveMarketVersion(write.Version)) : NotFound(name);
        }
        catch (InvalidMarketDataException e)
        {
            return ApiResults.Invalid(e.Path, e.Message);
        }
    }

    public static async Task<Results<Ok<LiveMarketView>, ProblemHttpResult>> Get(string name, IGrainFactory grains) =>
        ResourceIds.IsValid(name) && await grains.GetGrain<ILiveMarketGrain>(name).GetAsync() is { } live
            ? TypedResults.Ok(new LiveMarketView(live.Version, live.MarketData.ToContract()))
            : NotFound(name);

    public static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such live market.", detail: $"No live market '{name}'; create it with PUT /v1/live-markets/{{name}}.");

    private static string Location(string name) => $"/v1/live-markets/{Uri.EscapeDataString(name)}";
}
