using XiP.Pricing.Columnar;

namespace XiP.Trades;

/// <summary>A trade's current version as the store indexes it, and the upload that last named it.</summary>
internal sealed record TradeHead(string TradeId, int Version, string Book, byte[] Hash, long Segment, int Row, long Upload, int UploadPosition, int? UploadLine)
{
    /// <summary>Where the current version of each of <paramref name="ids"/> is, in their order, and the positions of the ids not stored.</summary>
    public static (List<(int Version, long Segment, int Row)> Places, List<int> Missing) Places(IReadOnlyDictionary<string, TradeHead> heads, IReadOnlyList<string> ids)
    {
        var missing = new List<int>();
        var places = new List<(int Version, long Segment, int Row)>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            if (heads.TryGetValue(ids[i], out var head))
            {
                places.Add((head.Version, head.Segment, head.Row));
            }
            else
            {
                missing.Add(i);
            }
        }

        return (places, missing);
    }
}

/// <summary>
/// What storing one chunk of an upload does, decided from the heads of its trades (every store writes what this
/// says): repeats of ids named earlier in the upload; new versions, laid out as one segment; trades identical to
/// their current version, which are only marked as named by this upload; the books that change.
/// </summary>
internal sealed class ChunkPlan
{
    private ChunkPlan()
    {
    }

    public List<UploadRepeat> Repeats { get; } = [];

    /// <summary>The new versions, versions set, as the segment to store (empty when nothing changed).</summary>
    public TradeTable Segment { get; private set; } = TradeTable.Empty;

    /// <summary>Per segment row: the trade's index in the chunk.</summary>
    public List<int> SegmentSource { get; } = [];

    /// <summary>Trades identical to their current version (index in the chunk).</summary>
    public List<int> Unchanged { get; } = [];

    public byte[][] Hashes { get; private set; } = [];

    public int Created { get; private set; }

    public int Changed { get; private set; }

    public HashSet<string> Books { get; } = new(StringComparer.Ordinal);

    public static ChunkPlan Make(TradeTable chunk, IReadOnlyList<int> positions, IReadOnlyList<int?>? lines, IReadOnlyDictionary<string, TradeHead> heads, long upload)
    {
        var plan = new ChunkPlan { Hashes = new byte[chunk.Count][] };
        var firstInChunk = new Dictionary<string, int>(chunk.Count, StringComparer.Ordinal);
        for (var i = 0; i < chunk.Count; i++)
        {
            var id = chunk.Ids[i];
            if (firstInChunk.TryGetValue(id, out var first))
            {
                plan.Repeats.Add(new UploadRepeat(positions[i], positions[first], lines?[first]));
                continue;
            }

            firstInChunk[id] = i;
            if (heads.TryGetValue(id, out var head) && head.Upload == upload)
            {
                plan.Repeats.Add(new UploadRepeat(positions[i], head.UploadPosition, head.UploadLine));
            }
        }

        if (plan.Repeats.Count > 0)
        {
            return plan;
        }

        var builder = new TradeTableBuilder();
        for (var i = 0; i < chunk.Count; i++)
        {
            var hash = TradeHash.Of(chunk, i);
            plan.Hashes[i] = hash;
            var book = chunk.BookOf(i);
            if (heads.TryGetValue(chunk.Ids[i], out var head))
            {
                if (hash.AsSpan().SequenceEqual(head.Hash))
                {
                    plan.Unchanged.Add(i);
                    continue;
                }

                plan.Changed++;
                plan.Books.Add(head.Book);
                plan.Books.Add(book);
                builder.AddRow(chunk, i, head.Version + 1);
            }
            else
            {
                plan.Created++;
                plan.Books.Add(book);
                builder.AddRow(chunk, i, 1);
            }

            plan.SegmentSource.Add(i);
        }

        plan.Segment = builder.Build();
        return plan;
    }
}
