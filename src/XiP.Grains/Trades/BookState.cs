namespace XiP.Grains.Trades;

/// <summary>The persisted state of a book grain: which trades it holds, each at the version last stored through it.</summary>
[GenerateSerializer, Alias("xip.book-state")]
public sealed class BookState
{
    /// <summary>Trade id → version (string keys compare ordinally).</summary>
    [Id(0)] public Dictionary<string, int> Trades { get; set; } = [];
}
