using XiP.Pricing.MarketData;

namespace XiP.Grains.Runs;

/// <summary>A run's calibrated markets: the base first, then one shocked snapshot per scenario, with the scenario ids.</summary>
public sealed record RunMarkets(IReadOnlyList<MarketSnapshot> Markets, IReadOnlyList<string> ScenarioIds);
