namespace XiP.Contracts.Runs;

/// <summary>
/// The data of an event of <c>GET /v1/runs/{runId}/events</c> (<c>progress</c>, then one of <c>completed</c>,
/// <c>failed</c>, <c>cancelled</c>): the run's counts after a change, in valuations.
/// </summary>
public sealed record RunEventData(string RunId, RunState Status, long Total, long Done, long Failed);
