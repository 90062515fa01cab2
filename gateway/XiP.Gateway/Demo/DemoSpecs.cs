using System.Text.Json;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Scenarios;
using XiP.Abstractions.Trades;
using XiP.Contracts;
using XiP.Gateway.Validation;

namespace XiP.Gateway.Demo;

/// <summary>
/// The demo data set as the grains store it, read from its JSON by the readers that validate a client's uploads; the
/// trades are read against the demo snapshot, as <c>/v1/price</c> reads inline trades, so each names a curve and an
/// equity the snapshot has and is alive after its valuation date. Built once per process, since it never changes.
/// </summary>
internal sealed class DemoSpecs
{
    private static readonly Lazy<DemoSpecs> Built = new(() => Read(DemoDataSet.Build()));

    private DemoSpecs(MarketDataSpec marketData, List<TradeSpec> trades, List<(string Id, ScenarioSetSpec Set)> scenarioSets)
    {
        MarketData = marketData;
        Trades = trades;
        ScenarioSets = scenarioSets;
    }

    public static DemoSpecs Instance => Built.Value;

    public MarketDataSpec MarketData { get; }

    public List<TradeSpec> Trades { get; }

    public List<(string Id, ScenarioSetSpec Set)> ScenarioSets { get; }

    /// <exception cref="InvalidOperationException">A reader refused part of <paramref name="data"/>: a defect of the demo's code, not of any request.</exception>
    public static DemoSpecs Read(DemoDataSet data)
    {
        var market = Read(data.MarketData, "market data", MarketDataReader.Read);
        var trades = data.Trades.Select(t => Read(t, $"trade {t.Id}", reader => TradeReader.Read(reader, market))).ToList();
        var sets = data.ScenarioSets.Select(s => (s.Id, Read(s.Set, $"scenario set {s.Id}", ScenarioSetReader.Read))).ToList();
        return new DemoSpecs(market, trades, sets);
    }

    private static TSpec Read<T, TSpec>(T value, string what, Func<JsonObjectReader, TSpec?> read)
        where TSpec : class
    {
        var errors = new ValidationErrors();
        var json = JsonSerializer.SerializeToElement(value, ContractJson.Options);
        var spec = JsonObjectReader.Open(json, string.Empty, errors) is { } reader ? read(reader) : null;
        if (spec is null || errors.Any)
        {
            var problems = errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}");
            throw new InvalidOperationException($"The demo {what} is refused by its reader: {string.Join("; ", problems)}");
        }

        return spec;
    }
}
