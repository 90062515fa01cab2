namespace XiP.Abstractions.Catalog;

/// <summary>
/// What is stored of one kind (snapshots, scenario sets), newest first: the stores are grains keyed by id,
/// which cannot be enumerated, so each store records itself here once, when first stored. Keyed by <see cref="CatalogKinds"/>.
/// </summary>
[Alias("xip.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="entry"/>; recording an id again changes nothing.</summary>
    [Alias("Add")]
    Task AddAsync(CatalogEntry entry);

    /// <summary>At most <paramref name="limit"/> entries, newest first (then by id), those after <paramref name="after"/>.</summary>
    [Alias("List")]
    Task<CatalogPage> ListAsync(CatalogPosition? after, int limit);
}

/// <summary>The catalogs there are.</summary>
public static class CatalogKinds
{
    public const string MarketData = "market-data";

    public const string ScenarioSets = "scenario-sets";
}

/// <summary>A stored item: its id, when it was stored, and what a listing shows of it.</summary>
[GenerateSerializer, Immutable, Alias("xip.catalog-entry")]
public sealed record CatalogEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset StoredAt,
    [property: Id(2)] DateOnly? ValuationDate,
    [property: Id(3)] int? Scenarios);

/// <summary>Where a page ended: the last entry's time and id.</summary>
[GenerateSerializer, Immutable, Alias("xip.catalog-position")]
public sealed record CatalogPosition([property: Id(0)] DateTimeOffset StoredAt, [property: Id(1)] string Id);

/// <summary>A page of a catalog; <see cref="More"/> when entries follow.</summary>
[GenerateSerializer, Immutable, Alias("xip.catalog-page")]
public sealed record CatalogPage([property: Id(0)] List<CatalogEntry> Items, [property: Id(1)] bool More);
