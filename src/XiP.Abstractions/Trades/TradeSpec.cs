namespace XiP.Abstractions.Trades;

/// <summary>A trade definition as grains carry and store it; one derived record per product.</summary>
[GenerateSerializer, Alias("xip.trade-spec")]
public abstract record TradeSpec
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public string? Book { get; init; }

    /// <summary>Scales every measure except prices and rates; 1 when not given.</summary>
    [Id(2)] public double Quantity { get; init; } = 1.0;
}

/// <summary>Call or put.</summary>
public enum OptionKind
{
    Call,
    Put,
}

/// <summary>Discrete or continuous averaging.</summary>
public enum AveragingKind
{
    Discrete,
    Continuous,
}

/// <summary>Which leg a swap pays.</summary>
public enum SwapDirectionKind
{
    PayFixed,
    ReceiveFixed,
}
