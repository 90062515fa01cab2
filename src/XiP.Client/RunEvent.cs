using XiP.Contracts.Runs;

namespace XiP.Client;

/// <summary>An event of <c>GET /v1/runs/{runId}/events</c>: the run's counts after a change, under an increasing <see cref="Id"/>.</summary>
public abstract record RunEvent(string? Id, string RunId, RunState Status, long Total, long Done, long Failed);

/// <summary>The run moved on; more events follow.</summary>
public sealed record RunProgressEvent(string? Id, string RunId, RunState Status, long Total, long Done, long Failed)
    : RunEvent(Id, RunId, Status, Total, Done, Failed);

/// <summary>The run ended (completed, failed or cancelled); the last event of the stream.</summary>
public sealed record RunTerminalEvent(string? Id, string RunId, RunState Status, long Total, long Done, long Failed)
    : RunEvent(Id, RunId, Status, Total, Done, Failed);
