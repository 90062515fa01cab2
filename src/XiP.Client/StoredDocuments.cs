using System.Text.Json;

namespace XiP.Client;

/// <summary>A stored market-data snapshot; <see cref="MarketData"/> is in the contract's market-data shape.</summary>
public sealed record StoredMarketData(string Id, DateTimeOffset StoredAt, JsonElement MarketData);

/// <summary>A stored scenario set; <see cref="ScenarioSet"/> is in the contract's scenario-set shape.</summary>
public sealed record StoredScenarioSet(string Id, JsonElement ScenarioSet);
