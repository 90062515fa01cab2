using System.Collections.Concurrent;

namespace XiP.Results;

/// <summary>
/// One async gate per database file, shared by every store of this process on that file. SQLite lets one writer at a
/// time into a file, and a writer that finds it taken waits in SQLite's busy handler, asleep on its thread (under
/// Orleans, a thread-pool thread) for up to the busy timeout; a trade upload holds the file from its first chunk to its
/// commit. Each silo of a process has stores of its own, so writers of different stores on one file take their turns
/// here instead, awaiting without holding a thread.
/// </summary>
public static class FileWriteGates
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The gate of the file at <paramref name="path"/>: the same one for every spelling of its path.</summary>
    public static SemaphoreSlim For(string path) => Gates.GetOrAdd(Path.GetFullPath(path), _ => new SemaphoreSlim(1, 1));
}
