using System.Diagnostics;

namespace XiP.Cluster.Tests;

/// <summary>A silo process started beside a <see cref="LocalCluster"/>; disposing it kills what is left of it.</summary>
public sealed class ExtraSilo(Process process, string logPath, int siloPort) : IDisposable
{
    public string LogPath { get; } = logPath;

    /// <summary>The silo-to-silo port it advertises in membership.</summary>
    public int SiloPort { get; } = siloPort;

    /// <summary>Waits for the process to exit; returns its exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the silo logging to {LogPath} was still running after {within}:\n{Tail()}");
        }

        return process.ExitCode;
    }

    /// <summary>Its whole log.</summary>
    public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    /// <summary>The end of its log, for failure messages.</summary>
    public string Tail() =>
        File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(40)) : "(no log)";

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
