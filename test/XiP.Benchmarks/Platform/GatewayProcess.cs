using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace XiP.Benchmarks.Platform;

/// <summary>The gateway in embedded mode as a process of its own on loopback, as a user starts it (Release build).</summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private GatewayProcess(Process process, string dataDirectory, int port)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(60) };
        Url = $"http://127.0.0.1:{port}";
    }

    public HttpClient Http { get; }

    public string Url { get; }

    public string DataDirectory => _dataDirectory;

    public int ProcessId => _process.Id;

    public static async Task<GatewayProcess> StartAsync(IEnumerable<string> settings)
    {
        var dll = Path.Combine(RepositoryRoot(), "gateway", "XiP.Gateway", "bin", "Release", "net10.0", "XiP.Gateway.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"build the gateway first: dotnet build -c Release gateway/XiP.Gateway ({dll} is missing)");
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "xip-platform-benchmark-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{port}", $"--XiP:DataDirectory={dataDirectory}", $"--XiP:SiloPort={FreePort()}", $"--XiP:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("gateway: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, dataDirectory, port);
        await gateway.WaitHealthyAsync();
        return gateway;
    }

    /// <summary>The most resident memory the process has had (VmHWM), in bytes.</summary>
    public long PeakResidentBytes() => ReadStatus("VmHWM:");

    /// <summary>The resident memory now (VmRSS), in bytes.</summary>
    public long ResidentBytes() => ReadStatus("VmRSS:");

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
