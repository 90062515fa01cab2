using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Scenarios;
using XiP.Contracts.Scenarios;
using XiP.Gateway.Validation;

using XiP.Gateway.Security;

namespace XiP.Gateway.Apis;

/// <summary>Stored, immutable scenario sets (REST contract, "Scenarios").</summary>
public static class ScenarioSetsApi
{
    public static IEndpointRouteBuilder MapScenarioSetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/scenario-sets").WithTags("Scenario sets").RequireAuthorization(XiPRoles.Viewer);
        api.MapPut("/{id}", Put)
            .WithName("PutScenarioSet")
            .WithSummary("Stores a scenario set under an id; a stored set never changes.")
            .WithDescription(
                "Body: { scenarios: [ { id, shifts: [ { target, kind, amount, date? } ] } ], generate?: { count, seed, curveParallelBpStdDev, "
                + "spotRelativeStdDev, volAbsoluteStdDev, dividendYieldAbsoluteStdDev } }. Generated scenarios (gen-1 … gen-count) follow the listed ones; "
                + $"the same seed always gives the same set. At most {ScenarioSetReader.MaxScenarios} scenarios in all. "
                + "201 when stored, 200 when the same set was already stored, 409 when a different one is stored under the id.")
            .RequireAuthorization(XiPRoles.Trader)
            .RequireJson()
            .Accepts<ScenarioSet>("application/json")
            .Produces<ScenarioSetView>(StatusCodes.Status201Created)
            .Produces<ScenarioSetView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}", Get)
            .WithName("GetScenarioSet")
            .WithSummary("Reads a stored scenario set.")
            .Produces<ScenarioSetView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<ScenarioSetView>, Ok<ScenarioSetView>, ValidationProblem, ProblemHttpResult>> Put(
        string id, HttpRequest request, IGrainFactory grains, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        if (ResourceIds.Problem(id) is { } idProblem)
        {
            return ApiResults.Invalid("id", idProblem);
        }

        var errors = new ValidationErrors();
        using var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, errors, cancellationToken);
        if (body is null || JsonObjectReader.Open(body.RootElement, string.Empty, errors) is not { } root || ScenarioSetReader.Read(root) is not { } set || errors.Any)
        {
            return ApiResults.Invalid(errors);
        }

        var grain = grains.GetGrain<IScenarioSetGrain>(id);
        var outcome = await grain.PutAsync(set);
        if (outcome == StoreOutcome.Conflict)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A different scenario set is stored under this id.",
                detail: $"Scenario set '{id}' is immutable; store the changed set under a new id.");
        }

        var view = new ScenarioSetView(id, (await grain.GetAsync())!.ToContract());
        return outcome == StoreOutcome.Created
            ? TypedResults.Created($"/v1/scenario-sets/{Uri.EscapeDataString(id)}", view)
            : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<ScenarioSetView>, ProblemHttpResult>> Get(string id, IGrainFactory grains)
    {
        if (ResourceIds.IsValid(id) && await grains.GetGrain<IScenarioSetGrain>(id).GetAsync() is { } stored)
        {
            return TypedResults.Ok(new ScenarioSetView(id, stored.ToContract()));
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such scenario set.", detail: $"No scenario set '{id}' is stored.");
    }
}
