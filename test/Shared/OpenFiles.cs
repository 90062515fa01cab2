namespace XiP.Tests;

/// <summary>The files this process holds open, read from <c>/proc/self/fd</c> (Linux).</summary>
internal static class OpenFiles
{
    /// <summary>The files under <paramref name="directory"/> that a descriptor of this process still refers to.</summary>
    public static IReadOnlyList<string> Under(string directory)
    {
        var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var open = new List<string>();
        foreach (var descriptor in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (IOException)
            {
                // closed since the listing: another test's file
                continue;
            }

            if (target is not null && target.StartsWith(root, StringComparison.Ordinal))
            {
                open.Add(target);
            }
        }

        return open;
    }
}
