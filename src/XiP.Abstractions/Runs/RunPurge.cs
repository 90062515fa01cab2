namespace XiP.Abstractions.Runs;

/// <summary>What asking to purge a run did.</summary>
public enum RunPurge
{
    /// <summary>The run, its results and its registry entry are gone; its id may be used again.</summary>
    Purged,

    /// <summary>No such run (never submitted, or already purged).</summary>
    Unknown,

    /// <summary>The run is pending or running: nothing was deleted.</summary>
    Unfinished,
}
