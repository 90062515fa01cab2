namespace XiP.Results.Tests;

/// <summary>A unique directory under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Not created up front, so tests also cover the store creating missing directories.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"xip-results-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        // Pooled connections are cleared when their store is disposed; on Linux open files do not block deletion anyway.
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
