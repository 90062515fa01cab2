namespace XiP.Abstractions;

/// <summary>Where grain keys and provider names are made, so no call site concatenates strings.</summary>
public static class GrainKeys
{
    /// <summary>Stateless workers ignore their key; one key keeps them one grain type.</summary>
    public const long StatelessWorker = 0;

    /// <summary>The key of a grain there is one of per cluster.</summary>
    public const long Singleton = 0;

    /// <summary>
    /// One compute activation per dispatch of a batch: a retry or a resumed run gets a fresh activation,
    /// placed anew, instead of queueing behind one on a silo that is gone.
    /// </summary>
    public static string ComputeBatch(string runId, string dispatcher, int batch, int attempt) => $"{runId}/{dispatcher}/{batch}/{attempt}";
}

/// <summary>Names of the storage and stream providers every host configures.</summary>
public static class ProviderNames
{
    /// <summary>Grain state of XiP's own grains.</summary>
    public const string GrainState = "xip";

    /// <summary>Orleans streams' subscription state; the name Orleans requires.</summary>
    public const string PubSubStore = "PubSubStore";

    /// <summary>The stream provider for run progress.</summary>
    public const string Streams = "xip-streams";
}
