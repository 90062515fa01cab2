using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using XiP.Tests;

namespace XiP.Benchmarks.Platform;

/// <summary>The gateway in embedded mode as a process of its own on loopback, as a user starts it (Release build).</summary>
internal sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private GatewayProcess(Process process, string dataDirectory, Uri root)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = root, Timeout = TimeSpan.FromMinutes(60) };
        Http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        Url = root.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>The admin key the process is configured with (in its environment, not on its command line).</summary>
    public static string ApiKey { get; } = "bench-" + Guid.NewGuid().ToString("N");

    public HttpClient Http { get; }

    public string Url { get; }

    public string DataDirectory => _dataDirectory;

    public int ProcessId => _process.Id;

    /// <summary>Starts the gateway built in <paramref name="directory"/>, by default this repository's Release build.</summary>
    public static async Task<GatewayProcess> StartAsync(IEnumerable<string> settings, string? directory = null)
    {
        var dll = Path.Combine(directory ?? Path.Combine(RepositoryRoot(), "gateway", "XiP.Gateway", "bin", "Release", "net10.0"), "XiP.Gateway.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"build the gateway first: dotnet build -c Release gateway/XiP.Gateway ({dll} is missing)");
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "xip-platform-benchmark-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

        // Kestrel binds port 0 itself and the banner says what it got; the silo's ports must be known before it starts
        foreach (var arg in new[]
        {
            dll, "--urls", "http://127.0.0.1:0", $"--XiP:DataDirectory={dataDirectory}",
            $"--XiP:SiloPort={LoopbackPorts.Reserve()}", $"--XiP:GatewayPort={LoopbackPorts.Reserve()}",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XiP__Auth__ApiKeys__bench__Key"] = ApiKey;
        start.Environment["XiP__Auth__ApiKeys__bench__Roles"] = "admin";

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && HealthLine().Match(e.Data) is { Success: true } health)
            {
                listening.TrySetResult(new Uri(health.Groups["root"].Value + "/"));
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("gateway: " + e.Data); };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the gateway process exited during start-up."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var root = await listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var gateway = new GatewayProcess(process, dataDirectory, root);
        await gateway.WaitHealthyAsync();
        return gateway;
    }

    /// <summary>The most resident memory the process has had (VmHWM), in bytes.</summary>
    public long PeakResidentBytes() => ReadStatus("VmHWM:");

    /// <summary>The resident memory now (VmRSS), in bytes.</summary>
    public long ResidentBytes() => ReadStatus("VmRSS:");

    /// <summary>
    /// The processor time the process has used (user and system), in seconds: on a shared machine a steadier measure of
    /// the server's own cost than elapsed time, which other processes' load stretches.
    /// </summary>
    public double CpuSeconds()
    {
        // /proc/PID/stat: the command name in parentheses may hold spaces; utime and stime are the 12th and 13th fields after it, in USER_HZ (1/100 s) ticks
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Bytes under the data directory (grain state, trades, results).</summary>
    public long BytesOnDisk(string subdirectory = "") =>
        Directory.Exists(Path.Combine(_dataDirectory, subdirectory))
            ? new DirectoryInfo(Path.Combine(_dataDirectory, subdirectory)).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.XiP.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository: Orleans.XiP.sln was not found above " + AppContext.BaseDirectory);
    }

    private long ReadStatus(string key)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private async Task WaitHealthyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("the gateway process exited during start-up.");
            }

            try
            {
                if ((await Http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the gateway did not answer /health within 2 minutes.");
    }

    // the start-up banner's line "  Health       http://127.0.0.1:PORT/health" (StartupBanner)
    [GeneratedRegex(@"^\s*Health\s+(?<root>http://\S+)/health$")]
    private static partial Regex HealthLine();
}
