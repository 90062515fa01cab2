namespace XiP.Client;

/// <summary>
/// The body of <c>POST /v1/runs</c>: a <see cref="Book"/> or explicit <see cref="TradeIds"/> (exactly one), a stored
/// market-data snapshot, an optional scenario set, measures, and an optional client id that makes resubmission idempotent.
/// </summary>
public sealed record RunSubmission
{
    public string? Book { get; init; }

    public IReadOnlyList<string>? TradeIds { get; init; }

    public required string MarketDataId { get; init; }

    public string? ScenarioSetId { get; init; }

    public required IReadOnlyList<string> Measures { get; init; }

    public string? ClientRunId { get; init; }
}
