using XiP.Abstractions.Trades;

namespace XiP.Grains.Live;

/// <summary>
/// Which trades of a book read which market objects, from their specs, so a change finds its dependents without
/// looking at every trade.
/// </summary>
public sealed class TradeDependencies
{
    private readonly Dictionary<string, List<int>> _byEquity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byCurve = new(StringComparer.Ordinal);
    private readonly List<int> _always = [];
    private readonly int _count;

    public TradeDependencies(IReadOnlyList<TradeSpec> trades)
    {
        _count = trades.Count;
        for (var i = 0; i < trades.Count; i++)
        {
            switch (trades[i])
            {
                case EuropeanOptionSpec o: Add(_byEquity, o.Underlying, i); Add(_byCurve, o.DiscountCurve, i); break;
                case GeometricAsianOptionSpec o: Add(_byEquity, o.Underlying, i); Add(_byCurve, o.DiscountCurve, i); break;
                case InterestRateSwapSpec s: Add(_byCurve, s.Curve, i); break;
                case FixedRateBondSpec b: Add(_byCurve, b.Curve, i); break;

                // a product this does not know yet is re-priced on every change rather than left stale
                default: _always.Add(i); break;
            }
        }
    }

    /// <summary>Positions, ascending, of the trades that read an object in <paramref name="changes"/>; every trade when it is null.</summary>
    public List<int> Dependents(MarketChanges? changes)
    {
        if (changes is null)
        {
            return [.. Enumerable.Range(0, _count)];
        }

        var positions = new List<int>(_always);
        foreach (var name in changes.Equities)
        {
            if (_byEquity.TryGetValue(name, out var dependents))
            {
                positions.AddRange(dependents);
            }
        }

        foreach (var name in changes.Curves)
        {
            if (_byCurve.TryGetValue(name, out var dependents))
            {
                positions.AddRange(dependents);
            }
        }

        // an option reads an equity and a curve: both may have changed
        positions.Sort();
        var distinct = 0;
        for (var k = 0; k < positions.Count; k++)
        {
            if (k == 0 || positions[k] != positions[distinct - 1])
            {
                positions[distinct++] = positions[k];
            }
        }

        positions.RemoveRange(distinct, positions.Count - distinct);
        return positions;
    }

    private static void Add(Dictionary<string, List<int>> index, string name, int position)
    {
        if (!index.TryGetValue(name, out var positions))
        {
            index[name] = positions = [];
        }

        positions.Add(position);
    }
}
