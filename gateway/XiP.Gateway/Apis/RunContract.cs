using XiP.Abstractions.Runs;
using Rest = XiP.Contracts.Runs;

namespace XiP.Gateway.Apis;

/// <summary>
/// A run as the grains answer for it, shown as the REST contract's shapes: the two are kept apart so the wire
/// format of grain messages and the JSON clients read can change independently.
/// </summary>
internal static class RunContract
{
    public static Rest.RunStatus ToContract(this RunSnapshot run) => new()
    {
        RunId = run.RunId,
        Status = run.State.ToContract(),
        Total = run.Total,
        Done = run.Done,
        Failed = run.Failed,
        SubmittedAt = run.SubmittedAt,
        StartedAt = run.StartedAt,
        CompletedAt = run.CompletedAt,
        Summary = run.Summary is { } summary
            ? new Rest.RunSummary
            {
                PvByScenario = summary.PvByScenario,
                PnlByScenario = summary.PnlByScenario,
                Var95 = summary.Var95,
                Var99 = summary.Var99,
                Es95 = summary.Es95,
                Es99 = summary.Es99,
                FailedTrades = summary.FailedTrades,
            }
            : null,
        SummaryError = run.SummaryError,
        Shape = run.Shape is { } shape ? new Rest.RunShape(shape.Trades, shape.Scenarios, shape.Measures, shape.Batches) : null,
        RetriedBatches = run.RetriedBatches,
        Error = run.Error,
        Request = run.Request is { } request
            ? new Rest.RunRequest
            {
                Book = request.Book,
                TradeIds = request.TradeIds,
                MarketDataId = request.MarketDataId,
                ScenarioSetId = request.ScenarioSetId,
                Measures = request.Measures,
                ClientRunId = request.ClientRunId,
            }
            : null,
        Timings = run.Timings is { } timings
            ? new Rest.RunTimings(timings.ResolveSeconds, timings.ComputeSeconds, timings.TotalSeconds, timings.ValuationsPerSecond)
            : null,
        Sequence = run.Sequence,
        Host = run.Host,
        Resumes = run.Resumes,
        WaitingFor = run.WaitingFor,
        BatchesBySilo = run.BatchesBySilo ?? new Dictionary<string, int>(),
        SubmittedBy = run.SubmittedBy,
        Books = run.Books,
    };

    public static Rest.RunListEntry ToContract(this RunListEntry entry) => new(entry.RunId, entry.Status.ToContract(), entry.SubmittedAt);

    public static Rest.RunState ToContract(this RunState state) => state switch
    {
        RunState.Pending => Rest.RunState.Pending,
        RunState.Running => Rest.RunState.Running,
        RunState.Completed => Rest.RunState.Completed,
        RunState.Failed => Rest.RunState.Failed,
        RunState.Cancelled => Rest.RunState.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a run state of the contract."),
    };
}
