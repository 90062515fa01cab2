using XiP.Abstractions.MarketData;

namespace XiP.Abstractions.Scenarios;

/// <summary>A stored scenario set, keyed by its id; immutable once stored, like market data.</summary>
[Alias("xip.IScenarioSetGrain")]
public interface IScenarioSetGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="set"/> unless a different one is stored under this id.</summary>
    [Alias("Put")]
    Task<StoreOutcome> PutAsync(ScenarioSetSpec set);

    /// <summary>The stored set, or null.</summary>
    [Alias("Get")]
    Task<ScenarioSetSpec?> GetAsync();
}
