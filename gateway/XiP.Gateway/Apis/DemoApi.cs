using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Abstractions.Scenarios;
using XiP.Abstractions.Trades;
using XiP.Contracts;
using XiP.Contracts.Demo;
using XiP.Gateway.Demo;
using XiP.Gateway.Security;

namespace XiP.Gateway.Apis;

/// <summary>The demo data set on request (REST contract, "Lists"), so a newcomer has something to run before uploading anything.</summary>
public static class DemoApi
{
    public static IEndpointRouteBuilder MapDemoApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/demo", Load).WithTags("Demo").RequireAuthorization(XiPRoles.Trader)
            .WithName("LoadDemo")
            .WithSummary("Loads the demo data set: books of all four products, a snapshot with curves built each way, and scenario sets.")
            .WithDescription(
                $"Books {string.Join(", ", DemoDataSet.Books)} ({DemoDataSet.TradeCount} trades, ids demo-…), snapshot '{DemoDataSet.SnapshotId}' "
                + $"valued {DemoDataSet.ValuationDate:yyyy-MM-dd} (flat, zero-rate pillar and bootstrapped curves, and every equity the trades name), and scenario "
                + $"sets {string.Join(", ", DemoDataSet.ScenarioSetIds)}: named stresses and 250 generated days in the manner of historical "
                + "simulation. The data is the same every time, stored through the same paths and checks as an upload; loading it again changes nothing "
                + "(no new trade versions, no new snapshot or set) and answers `created: false`. The caller must be entitled to the demo books. "
                + "409 when a different snapshot or scenario set is stored under a demo id; then nothing is stored.")
            .Produces<DemoLoaded>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Ok<DemoLoaded>, ProblemHttpResult, ValidationProblem>> Load(HttpContext context, IGrainFactory grains)
    {
        var demo = DemoSpecs.Instance;
        var caller = Caller.Of(context);
        if (DemoDataSet.Books.FirstOrDefault(b => !caller.MayUse(b)) is { } book)
        {
            return ApiResults.NotEntitled(book);
        }

        // as for an upload: a demo trade id someone stored in another book moves, which takes that book too
        if (await new UploadEntitlement(caller, grains).FirstRefusedAsync(demo.Trades) is { } refused)
        {
            return ApiResults.NotEntitled(refused);
        }

        // the load takes no input: a body is a client that meant another call, and is refused rather than ignored
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            return ApiResults.Invalid("body", "POST /v1/demo takes no body; send none.");
        }

        await grains.GetGrain<IPricingGrain>(GrainKeys.StatelessWorker).CheckAsync(demo.MarketData);

        // a different body under a demo id is found before anything is stored, so a refusal leaves nothing half-loaded
        if (await ConflictAsync(grains, demo) is { } conflict)
        {
            return conflict;
        }

        var created = false;
        var snapshot = await grains.GetGrain<IMarketDataGrain>(DemoDataSet.SnapshotId).PutAsync(demo.MarketData);
        if (snapshot == StoreOutcome.Conflict)
        {
            return Conflict("market-data snapshot", DemoDataSet.SnapshotId);
        }

        created |= snapshot == StoreOutcome.Created;
        foreach (var (id, set) in demo.ScenarioSets)
        {
            var outcome = await grains.GetGrain<IScenarioSetGrain>(id).PutAsync(set);
            if (outcome == StoreOutcome.Conflict)
            {
                return Conflict("scenario set", id);
            }

            created |= outcome == StoreOutcome.Created;
        }

        var trades = await StoreTradesAsync(grains, demo.Trades);
        created |= trades.Created + trades.Changed > 0;
        return TypedResults.Ok(new DemoLoaded(
            DemoDataSet.Books, demo.Trades.Count, DemoDataSet.SnapshotId, DemoDataSet.ValuationDate, DemoDataSet.ScenarioSetIds, created));
    }

    private static async Task<ProblemHttpResult?> ConflictAsync(IGrainFactory grains, DemoSpecs demo)
    {
        if (await grains.GetGrain<IMarketDataGrain>(DemoDataSet.SnapshotId).GetAsync() is { } stored && !Same(stored.Snapshot, demo.MarketData))
        {
            return Conflict("market-data snapshot", DemoDataSet.SnapshotId);
        }

        foreach (var (id, set) in demo.ScenarioSets)
        {
            if (await grains.GetGrain<IScenarioSetGrain>(id).GetAsync() is { } storedSet && !Same(storedSet.ToContract(), set.ToContract()))
            {
                return Conflict("scenario set", id);
            }
        }

        return null;
    }

    // curves and equities in name order, as the store compares snapshots: their order in a body does not count
    private static bool Same(MarketDataSpec a, MarketDataSpec b) => Same(Ordered(a.ToContract()), Ordered(b.ToContract()));

    private static Contracts.Markets.MarketData Ordered(Contracts.Markets.MarketData market) => market with
    {
        Curves = new SortedDictionary<string, Contracts.Markets.Curve>(market.Curves.ToDictionary(), StringComparer.Ordinal),
        Equities = new SortedDictionary<string, Contracts.Markets.Equity>(market.Equities.ToDictionary(), StringComparer.Ordinal),
    };

    private static bool Same<T>(T a, T b) =>
        string.Equals(JsonSerializer.Serialize(a, ContractJson.Options), JsonSerializer.Serialize(b, ContractJson.Options), StringComparison.Ordinal);

    private static ProblemHttpResult Conflict(string what, string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: $"A different {what} is stored under a demo id.",
        detail: $"The {what} '{id}' is not the demo's and stored data never changes, so the demo data set cannot be loaded on this gateway.");

    // one upload, as POST /v1/trades stores it: all the trades become visible at once, and identical ones keep their versions
    private static async Task<BookUpsertResult> StoreTradesAsync(IGrainFactory grains, List<TradeSpec> trades)
    {
        var upload = grains.GetGrain<ITradeUploadGrain>(Guid.NewGuid().ToString("N"));
        try
        {
            for (var from = 0; from < trades.Count; from += TradesApi.UploadChunkSize)
            {
                var chunk = trades.GetRange(from, Math.Min(TradesApi.UploadChunkSize, trades.Count - from));
                if ((await upload.AddAsync(chunk, from, lines: null)).Count > 0)
                {
                    throw new InvalidOperationException("The demo data set repeats a trade id.");
                }
            }

            return await upload.CommitAsync();
        }
        catch
        {
            await upload.AbortAsync();
            throw;
        }
    }
}
