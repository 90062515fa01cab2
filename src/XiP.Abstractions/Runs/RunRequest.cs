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

    /// <summary>Who submitted the run (an API key's name or a token's subject); not part of what makes two submissions the same.</summary>
    [Id(6), System.Text.Json.Serialization.JsonIgnore] public string? SubmittedBy { get; init; }

    /// <summary>The books the submitter may read (null: every book); a run over any other book is refused as <see cref="RunRefusal.Forbidden"/>.</summary>
    [Id(7), System.Text.Json.Serialization.JsonIgnore] public XiP.Abstractions.Trades.BookPatterns? Entitlement { get; init; }
}

/// <summary>Why a run was not admitted; the gateway chooses the HTTP answer.</summary>
public enum RunRefusal
{
    /// <summary>Admitted (or already known under the same client run id).</summary>
    None,

    /// <summary>The request names something that is not there or breaks a limit (the field says which).</summary>
    Invalid,

    /// <summary>The client run id was already used for a different request.</summary>
    Conflict,

    /// <summary>As many runs as allowed are pending or running; submitting again later may succeed.</summary>
    Busy,

    /// <summary>The run covers a book its submitter is not entitled to (the field says which trade or book).</summary>
    Forbidden,
}

/// <summary>What submitting a run did: the run, or why it was refused (the field at fault, a message).</summary>
[GenerateSerializer, Alias("xip.run-submission")]
public sealed record RunSubmission(
    [property: Id(0)] RunSnapshot? Run,
    [property: Id(1)] RunRefusal Refusal,
    [property: Id(2)] string? Field,
    [property: Id(3)] string? Message)
{
    public static RunSubmission Accepted(RunSnapshot run) => new(run, RunRefusal.None, null, null);

    public static RunSubmission Refused(RunRefusal refusal, string field, string message) => new(null, refusal, field, message);
}
