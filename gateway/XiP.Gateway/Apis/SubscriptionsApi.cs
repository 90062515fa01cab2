using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Live;
using XiP.Contracts.Live;
using SubscriptionView = XiP.Contracts.Live.SubscriptionView;
using XiP.Gateway.Security;
using XiP.Gateway.Validation;
using Rest = XiP.Contracts.Pricing;

namespace XiP.Gateway.Apis;

/// <summary>Subscriptions: a book priced live on a live market. Each is read only by callers entitled to its book.</summary>
public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/subscriptions").WithTags("Live pricing").RequireAuthorization(XiPRoles.Viewer);
        api.MapPost("/", Create)
            .WithName("CreateSubscription")
            .WithSummary("Prices a book live on a live market.")
            .RequireAuthorization(XiPRoles.Trader)
            .RequireJson()
            .Accepts<SubscriptionRequest>("application/json")
            .Produces<SubscriptionCreated>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/{subscriptionId}", Get)
            .WithName("GetSubscription")
            .WithSummary("Every trade's values, and the totals, at the live market's current version.")
            .Produces<SubscriptionView>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{subscriptionId}/events", SubscriptionEvents.StreamAsync)
            .WithName("SubscriptionEvents")
            .WithSummary("Server-Sent Events: the whole state first, then an update per change, never reordered (several changes may come as one).")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{subscriptionId}", Delete)
            .WithName("DeleteSubscription")
            .WithSummary("Ends a subscription.")
            .RequireAuthorization(XiPRoles.Trader)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<SubscriptionCreated>, ValidationProblem, ProblemHttpResult>> Create(
        HttpRequest request, IGrainFactory grains, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        using var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, errors, cancellationToken);
        if (body is null || JsonObjectReader.Open(body.RootElement, string.Empty, errors) is not { } root)
        {
            return ApiResults.Invalid(errors);
        }

        var book = Id(root, "book");
        var liveMarket = Id(root, "liveMarket");
        var measures = PriceRequestReader.ReadMeasures(root);
        root.RejectUnknown();
        if (errors.Any || book is null || liveMarket is null)
        {
            return ApiResults.Invalid(errors);
        }

        var caller = Caller.Of(request.HttpContext);
        if (!caller.MayUse(book))
        {
            return ApiResults.NotEntitled(book);
        }

        var id = Guid.NewGuid().ToString("N");
        if (!await grains.GetGrain<ISubscriptionGrain>(id).CreateAsync(new SubscriptionDefinition(book, liveMarket, measures, caller.Name)))
        {
            return ApiResults.Invalid("liveMarket", $"names no live market; create '{liveMarket}' with PUT /v1/live-markets/{{name}} first.");
        }

        return TypedResults.Created($"/v1/subscriptions/{id}", new SubscriptionCreated(id));
    }

    public static async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> Get(string subscriptionId, HttpContext context, IGrainFactory grains)
    {
        if (await AccessAsync(subscriptionId, context, grains) is { } refused)
        {
            return refused;
        }

        return await grains.GetGrain<ISubscriptionGrain>(subscriptionId).GetAsync() is { } view
            ? TypedResults.Ok(new SubscriptionView(view.Version, view.Totals, view.Trades.ConvertAll(ToContract)))
            : NotFound(subscriptionId);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string subscriptionId, HttpContext context, IGrainFactory grains)
    {
        if (await AccessAsync(subscriptionId, context, grains) is { } refused)
        {
            return refused;
        }

        return await grains.GetGrain<ISubscriptionGrain>(subscriptionId).DeleteAsync() ? TypedResults.NoContent() : NotFound(subscriptionId);
    }

    /// <summary>404 when there is no such subscription, 403 when the caller may not use its book; null when the caller may go on.</summary>
    public static async Task<ProblemHttpResult?> AccessAsync(string subscriptionId, HttpContext context, IGrainFactory grains) =>
        (await OpenAsync(subscriptionId, context, grains)).Refused;

    /// <summary>The subscription's definition when the caller may use it; otherwise why not (404 or 403).</summary>
    public static async Task<(ProblemHttpResult? Refused, SubscriptionDefinition? Definition)> OpenAsync(string subscriptionId, HttpContext context, IGrainFactory grains)
    {
        if (!ResourceIds.IsValid(subscriptionId) || await grains.GetGrain<ISubscriptionGrain>(subscriptionId).GetDefinitionAsync() is not { } definition)
        {
            return (NotFound(subscriptionId), null);
        }

        return Caller.Of(context).MayUse(definition.Book) ? (null, definition) : (ApiResults.NotEntitled(definition.Book), null);
    }

    public static Rest.TradeResult ToContract(Abstractions.Pricing.TradeResult result) => new(result.TradeId, result.Values, result.Errors);

    private static ProblemHttpResult NotFound(string subscriptionId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such subscription.", detail: $"No subscription '{subscriptionId}'.");

    private static string? Id(JsonObjectReader root, string name)
    {
        var id = root.String(name);
        if (id is not null && ResourceIds.Problem(id) is { } problem)
        {
            root.Errors.Add(root.PathOf(name), problem);
            return null;
        }

        return id;
    }
}
