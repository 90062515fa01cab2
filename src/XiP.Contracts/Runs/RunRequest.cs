using System.Text.Json.Serialization;

namespace XiP.Contracts.Runs;

/// <summary>
/// The body of <c>POST /v1/runs</c>: a <see cref="Book"/> or explicit <see cref="TradeIds"/> (exactly one), a stored
/// market-data snapshot, an optional scenario set, measures, and an optional client id that makes resubmission idempotent.
/// </summary>
/// <remarks>Absent members are left out of the body: the gateway takes a present <c>tradeIds</c>, even null, as given.</remarks>
public sealed record RunRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Book { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? TradeIds { get; init; }

    public required string MarketDataId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ScenarioSetId { get; init; }

    public required IReadOnlyList<string> Measures { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientRunId { get; init; }
}
