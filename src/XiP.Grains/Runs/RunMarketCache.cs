using System.Collections.Concurrent;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Scenarios;
using XiP.Grains.Mapping;
using XiP.Pricing.Columnar;
using XiP.Pricing.MarketData;
using XiP.Pricing.Scenarios;
using XiP.Telemetry;

namespace XiP.Grains.Runs;

/// <summary>
/// The calibrated base market and shocked scenario markets of recent runs, per silo, with the arrays the
/// columnar pricers read (<see cref="MarketSet"/>). Snapshots and scenario sets are immutable once stored, so an
/// entry never goes stale; a thousand batches of a run on this silo calibrate, shock and table once.
/// </summary>
public sealed class RunMarketCache(IGrainFactory grains)
{
    // a few runs' worth: each entry holds (scenarios + 1) snapshots
    private const int Capacity = 8;
    private readonly ConcurrentDictionary<(string MarketDataId, string? ScenarioSetId), Lazy<Task<RunMarkets>>> _entries = new();
    private readonly ConcurrentQueue<(string, string?)> _order = new();

    /// <summary>The markets of (<paramref name="marketDataId"/>, <paramref name="scenarioSetId"/>).</summary>
    /// <exception cref="KeyNotFoundException">The snapshot or scenario set is not stored.</exception>
    public async Task<RunMarkets> GetAsync(string marketDataId, string? scenarioSetId)
    {
        var key = (marketDataId, scenarioSetId);
        var entry = _entries.GetOrAdd(key, k => new Lazy<Task<RunMarkets>>(() => BuildAsync(k.MarketDataId, k.ScenarioSetId)));
        var built = !entry.IsValueCreated;
        if (entry.IsValueCreated && entry.Value.IsFaulted)
        {
            _entries.TryRemove(new KeyValuePair<(string, string?), Lazy<Task<RunMarkets>>>(key, entry));
        }
        else if (built)
        {
            _order.Enqueue(key);
            Evict();
        }

        // how often a batch finds its run's markets already built on its silo: what market affinity is meant to raise
        XiPTelemetry.MarketBuilds.Add(1, new KeyValuePair<string, object?>("outcome", built ? "built" : "hit"));

        return await entry.Value;
    }

    private void Evict()
    {
        while (_entries.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _entries.TryRemove(oldest, out _);
        }
    }

    private async Task<RunMarkets> BuildAsync(string marketDataId, string? scenarioSetId)
    {
        var stored = await grains.GetGrain<IMarketDataGrain>(marketDataId).GetAsync()
            ?? throw new KeyNotFoundException($"No market-data snapshot '{marketDataId}' is stored.");
        var baseMarket = MarketDataBuilder.Build(WireMapper.ToDefinition(stored.Snapshot));
        if (scenarioSetId is null)
        {
            return new RunMarkets(new MarketSet([baseMarket]), []);
        }

        var set = await grains.GetGrain<IScenarioSetGrain>(scenarioSetId).GetAsync()
            ?? throw new KeyNotFoundException($"No scenario set '{scenarioSetId}' is stored.");
        var scenarios = ScenarioExpander.Expand(ScenarioMapper.ToDefinition(set), baseMarket);
        var markets = new List<MarketSnapshot>(scenarios.Count + 1) { baseMarket };
        markets.AddRange(scenarios.Select(s => MarketShocker.Apply(baseMarket, s)));
        return new RunMarkets(new MarketSet(markets), scenarios.Select(s => s.Id).ToList());
    }
}
