using XiP.Abstractions;
using XiP.Abstractions.Catalog;
using XiP.Grains.Placement;

namespace XiP.Grains.Catalog;

/// <summary>A persisted list of what is stored of one kind, kept newest first so a page is a search and a slice.</summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-catalog")]
public sealed class CatalogGrain(
    [PersistentState("catalog", ProviderNames.GrainState)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    private static readonly Comparison<CatalogEntry> NewestFirst = (a, b) => Compare(a.StoredAt, a.Id, b.StoredAt, b.Id);

    async Task ICatalogGrain.AddAsync(CatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var entries = state.State.Entries;
        if (entries.Exists(e => string.Equals(e.Id, entry.Id, StringComparison.Ordinal)))
        {
            return;
        }

        var index = entries.BinarySearch(entry, Comparer<CatalogEntry>.Create(NewestFirst));
        entries.Insert(index < 0 ? ~index : index, entry);
        await state.WriteStateAsync();
    }

    Task<CatalogPage> ICatalogGrain.ListAsync(CatalogPosition? after, int limit)
    {
        var entries = state.State.Entries;
        var start = after is null ? 0 : entries.FindIndex(e => Compare(e.StoredAt, e.Id, after.StoredAt, after.Id) > 0);
        if (start < 0)
        {
            start = entries.Count;
        }

        var count = Math.Min(limit, entries.Count - start);
        return Task.FromResult(new CatalogPage(entries.GetRange(start, count), start + count < entries.Count));
    }

    private static int Compare(DateTimeOffset aTime, string aId, DateTimeOffset bTime, string bId)
    {
        var byTime = bTime.CompareTo(aTime);
        return byTime != 0 ? byTime : string.CompareOrdinal(aId, bId);
    }
}
