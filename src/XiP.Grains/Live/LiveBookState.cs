using XiP.Abstractions.Live;

namespace XiP.Grains.Live;

/// <summary>The persisted state of a live book: what it prices and who reads it; the values are priced again on activation.</summary>
[GenerateSerializer, Alias("xip.live-book-state")]
public sealed class LiveBookState
{
    [Id(0)] public string? LiveMarket { get; set; }

    [Id(1)] public string? Book { get; set; }

    [Id(2)] public List<string> Measures { get; set; } = [];

    [Id(3)] public HashSet<string> Members { get; set; } = new(StringComparer.Ordinal);
}
