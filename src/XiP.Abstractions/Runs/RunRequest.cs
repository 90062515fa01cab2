namespace XiP.Abstractions.Runs;

/// <summary>A risk run as submitted: a book or explicit trades, a market-data snapshot, an optional scenario set, measures.</summary>
[GenerateSerializer, Alias("xip.run-request")]
public sealed record RunRequest
{
    [Id(0)] public string? Book { get; init; }

    [Id(1)] public List<string>? TradeIds { get; init; }

    [Id(2)] public required string MarketDataId { get; init; }

    [Id(3)] public string? ScenarioSetId { get; init; }

    [Id(4)] public required List<string> Measures { get; init; }

    [Id(5)] public string? ClientRunId { get; init; }
}

/// <summary>What submitting a run did: the run, or why it was refused (an HTTP status, the field at fault, a message).</summary>
[GenerateSerializer, Alias("xip.run-submission")]
public sealed record RunSubmission(
    [property: Id(0)] RunStatus? Run,
    [property: Id(1)] int ErrorStatus,
    [property: Id(2)] string? ErrorField,
    [property: Id(3)] string? ErrorMessage)
{
    public static RunSubmission Accepted(RunStatus run) => new(run, 0, null, null);

    public static RunSubmission Refused(int status, string field, string message) => new(null, status, field, message);
}
