using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using XiP.Abstractions;
using XiP.Abstractions.Results;
using XiP.Abstractions.Runs;
using XiP.Contracts;
using XiP.Contracts.Results;
using XiP.Gateway.Validation;
using Rest = XiP.Contracts.Runs;

using XiP.Gateway.Security;

namespace XiP.Gateway.Apis;

/// <summary>Risk runs: submit, follow, read results, cancel, purge.</summary>
public static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/runs").WithTags("Runs").RequireAuthorization(XiPRoles.Viewer);
        api.MapPost("/", Submit)
            .WithName("SubmitRun")
            .WithSummary("Submits a risk run: a book or trades × a scenario set × measures on a stored snapshot.")
            .WithDescription("202 with Location /v1/runs/{runId}. The same clientRunId reaches the same run (idempotent); a different request under it is 409. 429 when too many runs are running.")
            .RequireAuthorization(XiPRoles.Trader)
            .RequireRateLimiting(CallerRateLimits.Runs)
            .RequireJson()
            .Accepts<Rest.RunRequest>("application/json")
            .Produces<Rest.RunStatus>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/", List).WithName("ListRuns").WithSummary("The most recent runs, newest first.").Produces<List<Rest.RunListEntry>>();
        api.MapGet("/{runId}", Get).WithName("GetRun").WithSummary("A run's status, counts, timings and summary.").Produces<Rest.RunStatus>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{runId}/results", Results)
            .WithName("GetRunResults")
            .WithSummary("A page of a run's results in (trade, measure) order; values[0] is the base market, values[k] the k-th scenario.")
            .WithDescription("With Accept: application/vnd.apache.arrow.stream the whole result set (same filters, no cursor or limit) comes as one Arrow IPC stream: "
                + "tradeId, book, measure, tradeVersion (int64), values (fixed-size list of float64, null when the trade failed), error.")
            .Produces<ResultPage>()
            .Produces(StatusCodes.Status200OK, contentType: ResultArrowStream.ContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{runId}", CancelOrPurge)
            .WithName("CancelRun")
            .RequireAuthorization(XiPRoles.Trader)
            .WithSummary("Cancels a run; with ?purge=true deletes a finished run and its results instead.")
            .WithDescription("Cancel: 200 with the run. Purge: 204; the run, its results and its entry in the run list are gone, and its clientRunId may be "
                + "submitted again as a new run; 409 while the run is pending or running.")
            .Produces<Rest.RunStatus>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{runId}/events", RunEvents.StreamAsync)
            .WithName("RunEvents")
            .WithSummary("Server-sent events: progress at most every 250 ms, then one terminal event (completed, failed or cancelled); resumable with Last-Event-ID.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <remarks>
    /// A run's <c>tradeIds</c> may be as long as the run grains' own limit allows: the same setting
    /// (<see cref="Limits.MaxTradesPerRunSetting"/>, read into <see cref="RunLimitOptions"/>), so the two cannot disagree.
    /// </remarks>
    public static async Task<IResult> Submit(
        HttpRequest request, IGrainFactory grains, IOptions<GatewayOptions> options, IOptions<RunLimitOptions> runLimits, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(request.HttpContext);
        var errors = new ValidationErrors();
        using var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, errors, cancellationToken);
        if (body is null || RunRequestReader.Read(body.RootElement, runLimits.Value.MaxTradesPerRun, errors) is not { } run)
        {
            return ApiResults.Invalid(errors);
        }

        // the grain checks a tradeIds run's books against the caller's entitlement where the trades are loaded anyway
        run = run with { SubmittedBy = caller.Name, Entitlement = caller.Books.IsAll ? null : caller.Books };
        if (run.Book is { } book && !caller.MayUse(book))
        {
            return ApiResults.NotEntitled(book);
        }

        var runId = RunIds.For(run.ClientRunId);
        var submission = await grains.GetGrain<IRiskRunGrain>(runId).SubmitAsync(run);
        if (submission.Run is { } accepted)
        {
            // the same clientRunId from another caller answers with the run only to a caller who may read it
            if (!RunAccess.MayRead(caller, accepted))
            {
                return RunAccess.NotEntitled(runId);
            }

            return TypedResults.Accepted($"/v1/runs/{runId}", accepted.ToContract());
        }

        return submission.Refusal switch
        {
            RunRefusal.Invalid => ApiResults.Invalid(submission.Field ?? "$", submission.Message ?? "invalid."),
            RunRefusal.Busy => TooManyRuns(submission.Message),
            RunRefusal.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not entitled to the run's books.", detail: $"{submission.Field}: {submission.Message}"),
            RunRefusal.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The run cannot be submitted.", detail: submission.Message),
            _ => throw new InvalidOperationException($"A run that was neither accepted nor refused ({submission.Refusal})."),
        };
    }

    public static async Task<Ok<List<Rest.RunListEntry>>> List(IGrainFactory grains, HttpContext context, [FromQuery] int? limit)
    {
        var entries = await grains.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).ListAsync(Math.Clamp(limit ?? 100, 1, 1000));
        var caller = Caller.Of(context);
        if (!caller.Books.IsAll)
        {
            // a caller limited to some books sees only the runs it may read; the registry does not know books, the runs do
            var readable = await Task.WhenAll(entries.Select(async e => await SnapshotOf(e.RunId, grains) is { } run && RunAccess.MayRead(caller, run)));
            entries = [.. entries.Where((_, i) => readable[i])];
        }

        return TypedResults.Ok(entries.ConvertAll(e => e.ToContract()));
    }

    public static async Task<Results<Ok<Rest.RunStatus>, ProblemHttpResult>> Get(string runId, IGrainFactory grains, HttpContext context) =>
        await SnapshotOf(runId, grains) is not { } run ? NotFound(runId)
        : RunAccess.MayRead(Caller.Of(context), run) ? TypedResults.Ok(run.ToContract())
        : RunAccess.NotEntitled(runId);

    public static async Task<Results<Ok<Rest.RunStatus>, NoContent, ValidationProblem, ProblemHttpResult>> CancelOrPurge(
        string runId, IGrainFactory grains, HttpContext context, [FromQuery] string? purge)
    {
        // read here rather than bound as a bool, so a value that is neither is a 400 naming the parameter
        var purging = false;
        if (purge is not null && !bool.TryParse(purge, out purging))
        {
            return ApiResults.Invalid("purge", "must be true or false.");
        }

        if (!ResourceIds.IsValid(runId))
        {
            return NotFound(runId);
        }

        var grain = grains.GetGrain<IRiskRunGrain>(runId);
        if (await grain.GetSnapshotAsync() is not { } current)
        {
            return NotFound(runId);
        }

        if (RunAccess.WhyNotCancel(Caller.Of(context), current, purging) is { } refusal)
        {
            return refusal;
        }

        if (purging)
        {
            return await grain.PurgeAsync() switch
            {
                RunPurge.Purged => TypedResults.NoContent(),
                RunPurge.Unknown => NotFound(runId),
                RunPurge.Unfinished => TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "The run has not finished.",
                    detail: $"Run '{runId}' is pending or running: cancel it, or wait for it to end, before purging it."),
                var other => throw new InvalidOperationException($"A purge that answered {other}."),
            };
        }

        return await grain.CancelAsync() is { } run ? TypedResults.Ok(run.ToContract()) : NotFound(runId);
    }

    public static async Task<Results<ResultPageJson, ResultArrowStream, ValidationProblem, ProblemHttpResult>> Results(
        HttpRequest request, string runId, IGrainFactory grains, [FromQuery] string? measure, [FromQuery] string? book, [FromQuery] string? cursor, [FromQuery] int? limit)
    {
        if (!ResourceIds.IsValid(runId))
        {
            return NotFound(runId);
        }

        // a caller limited to some books is shown a run's results only when it may read every book of the run
        var caller = Caller.Of(request.HttpContext);
        if (!caller.Books.IsAll)
        {
            if (await SnapshotOf(runId, grains) is not { } run)
            {
                return NotFound(runId);
            }

            if (!RunAccess.MayRead(caller, run))
            {
                return RunAccess.NotEntitled(runId);
            }
        }

        string? canonicalMeasure = null;
        if (measure is not null && !WireNames.Measures.TryGetValue(measure, out canonicalMeasure))
        {
            return ApiResults.Invalid("measure", $"must be one of {string.Join(", ", WireNames.Measures.Keys)}.");
        }

        if (limit is < 1 or > Limits.MaxResultPageSize)
        {
            return ApiResults.Invalid("limit", $"must be between 1 and {Limits.MaxResultPageSize}.");
        }

        var arrow = request.GetTypedHeaders().Accept.Any(a => string.Equals(a.MediaType.Value, ResultArrowStream.ContentType, StringComparison.OrdinalIgnoreCase));
        if (arrow && (cursor is not null || limit is not null))
        {
            return ApiResults.Invalid(cursor is not null ? "cursor" : "limit", "an Arrow answer holds the whole result set; ask for it without cursor and limit.");
        }

        // the results' own metadata says the run exists; the run grain is asked only for a run that stored none
        var reader = grains.GetGrain<IResultReaderGrain>(GrainKeys.StatelessWorker);
        var shape = await reader.GetShapeAsync(runId);
        if (shape is null)
        {
            if (await SnapshotOf(runId, grains) is null)
            {
                return NotFound(runId);
            }

            shape = new ResultShape(0, 0, 1, []);
        }

        if (arrow)
        {
            return new ResultArrowStream(reader, runId, shape, canonicalMeasure, book);
        }

        if (shape.Blocks == 0)
        {
            return new ResultPageJson(ResultPageData.Empty);
        }

        try
        {
            return new ResultPageJson(await reader.ReadPageAsync(new ResultQuery(runId, canonicalMeasure, book, cursor, limit ?? Limits.DefaultResultPageSize)));
        }
        catch (ArgumentException)
        {
            return ApiResults.Invalid("cursor", "is not a cursor this run gave out.");
        }
    }

    internal static async Task<RunSnapshot?> SnapshotOf(string runId, IGrainFactory grains) =>
        ResourceIds.IsValid(runId) ? await grains.GetGrain<IRiskRunGrain>(runId).GetSnapshotAsync() : null;

    internal static ProblemHttpResult NotFound(string runId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such run.", detail: $"No run '{runId}' exists.");

    private static ProblemHttpResult TooManyRuns(string? detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many runs.", detail: detail);
}
