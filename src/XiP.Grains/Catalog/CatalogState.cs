using XiP.Abstractions.Catalog;

namespace XiP.Grains.Catalog;

/// <summary>The persisted state of a catalog grain.</summary>
[GenerateSerializer, Alias("xip.catalog-state")]
public sealed class CatalogState
{
    [Id(0)] public List<CatalogEntry> Entries { get; set; } = [];
}
