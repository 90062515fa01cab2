using XiP.Pricing.Columnar;

namespace XiP.Grains.Runs;

/// <summary>A run's calibrated markets (the base first, then one shocked snapshot per scenario) with their day tables, and the scenario ids.</summary>
public sealed record RunMarkets(MarketSet Markets, IReadOnlyList<string> ScenarioIds);
