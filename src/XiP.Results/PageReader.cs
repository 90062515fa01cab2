using XiP.Abstractions.Results;

namespace XiP.Results;

/// <summary>
/// Walks a run's blocks from a position, record by record in (trade, measure) order, and collects up to a
/// limit of records, then looks one record further to tell whether a next page exists.
/// </summary>
internal sealed class PageReader(ResultStore store, RunManifest manifest, List<string> measures, string? book, int limit)
{
    private readonly List<string> _tradeIds = new(Math.Min(limit, 4096));
    private readonly List<string> _books = new(Math.Min(limit, 4096));
    private readonly List<string> _measures = new(Math.Min(limit, 4096));
    private readonly List<int> _versions = new(Math.Min(limit, 4096));
    private readonly List<string?> _errors = new(Math.Min(limit, 4096));
    private readonly double[] _values = new double[(long)limit * manifest.Markets <= Array.MaxLength ? limit * manifest.Markets : throw new ArgumentOutOfRangeException(nameof(limit))];

    public async Task<ResultPageData> ReadAsync(int block, int trade, int measure, int lastBlock, CancellationToken cancellationToken)
    {
        var markets = manifest.Markets;
        (int Block, int Trade, string Measure)? last = null;
        var more = false;
        for (; block <= lastBlock && !more && measures.Count > 0; block++, trade = 0, measure = 0)
        {
            var keys = await store.ReadKeysAsync(manifest.RunId, block, cancellationToken).ConfigureAwait(false);
            if (keys is null || trade >= keys.Ids.Length)
            {
                continue;
            }

            var bookIndex = book is null ? -1 : Array.IndexOf(keys.Books, book);
            if (book is not null && bookIndex < 0)
            {
                continue;
            }

            var blocks = new ValueBlock?[measures.Count];
            var loaded = new bool[measures.Count];
            try
            {
                for (; trade < keys.Ids.Length && !more; trade++, measure = 0)
                {
                    if (bookIndex >= 0 && keys.BookIndex[trade] != bookIndex)
                    {
                        continue;
                    }

                    for (; measure < measures.Count; measure++)
                    {
                        if (!loaded[measure])
                        {
                            blocks[measure] = await store.ReadValuesAsync(manifest.RunId, block, measures[measure], cancellationToken).ConfigureAwait(false);
                            loaded[measure] = true;
                            if (blocks[measure] is { } read && (read.Trades != keys.Ids.Length || read.Markets != markets))
                            {
                                // rows would be read out of range, or into the wrong markets
                                throw new InvalidDataException(
                                    $"Run {manifest.RunId} block {block} stores {measures[measure]} values of {read.Trades} trades × {read.Markets} markets for {keys.Ids.Length} trades × {markets} markets.");
                            }
                        }

                        if (blocks[measure] is not { } values)
                        {
                            continue;
                        }

                        if (_tradeIds.Count == limit)
                        {
                            more = true;
                            break;
                        }

                        var r = _tradeIds.Count;
                        _tradeIds.Add(keys.Ids[trade]);
                        _books.Add(keys.Books[keys.BookIndex[trade]]);
                        _measures.Add(measures[measure]);
                        _versions.Add(keys.Versions[trade]);
                        _errors.Add(values.Errors[trade]);
                        values.Row(trade).CopyTo(_values.AsSpan(r * markets, markets));
                        last = (block, trade, measures[measure]);
                    }
                }
            }
            finally
            {
                // the blocks were read in place from pooled buffers
                foreach (var read in blocks)
                {
                    read?.Dispose();
                }
            }
        }

        var count = _tradeIds.Count;
        return new ResultPageData(
            [.. _tradeIds], [.. _books], [.. _measures], [.. _versions], count * markets == _values.Length ? _values : _values.AsSpan(0, count * markets).ToArray(), [.. _errors], markets,
            more && last is { } at ? ResultCursor.Encode(at.Block, at.Trade, at.Measure) : null);
    }
}
