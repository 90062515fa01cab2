using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace XiP.Cluster.Tests;

/// <summary>
/// Silo processes and a gateway process on loopback, started and stopped by
/// <c>infra/scripts/local-cluster.sh</c> against the test PostgreSQL, each cluster with its own cluster id,
/// service id and state directory (pids, ports and logs).
/// </summary>
public sealed class LocalCluster
{
    private readonly string _stateDirectory;
    private readonly Dictionary<string, string> _values;
    private readonly string _serviceId;
    private readonly string _postgres;

    private LocalCluster(string stateDirectory, Dictionary<string, string> values, string serviceId, string postgres)
    {
        _stateDirectory = stateDirectory;
        _values = values;
        _serviceId = serviceId;
        _postgres = postgres;
        Gateway = new HttpClient { BaseAddress = new Uri(values["gateway_url"]), Timeout = TimeSpan.FromSeconds(30) };
        // the script gives the gateway an admin key; every test request authenticates with it
        if (values.GetValueOrDefault("gateway_api_key") is { Length: > 0 } apiKey)
        {
            Gateway.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }
    }

    /// <summary>A client of the gateway process's REST API.</summary>
    public HttpClient Gateway { get; }

    public int Silos => int.Parse(_values["silos"], CultureInfo.InvariantCulture);

    /// <summary>
    /// Starts <paramref name="silos"/> silos and a gateway, runs <paramref name="test"/> on them and stops them;
    /// <paramref name="settings"/> become the processes' environment (<c>XiP__Runs__…</c>). The state directory, with
    /// every host's log, is deleted only when the test passed: a failing one keeps it and names it in its output.
    /// </summary>
    /// <param name="postgres">The cluster's database (an Npgsql connection string); the test run's by default.</param>
    /// <param name="roles">Each silo's roles (<c>local-cluster.sh --roles</c>); both for every silo by default.</param>
    /// <param name="cores">Each silo's processor count (<c>local-cluster.sh --cores</c>); the machine's by default.</param>
    public static async Task RunAsync(
        int silos, IReadOnlyDictionary<string, string> settings, ITestOutputHelper output, Func<LocalCluster, Task> test, string? postgres = null, string? roles = null, string? cores = null)
    {
        var cluster = await StartAsync(silos, settings, postgres ?? XiP.Tests.PostgresServer.ConnectionString, roles, cores);
        try
        {
            await test(cluster);
        }
        catch
        {
            output.WriteLine($"The cluster's state directory, with every host's log, is kept: {cluster._stateDirectory}");
            try
            {
                await cluster.StopAsync();
            }
            catch (Exception stop)
            {
                // the test's own failure is the one to report
                output.WriteLine($"Stopping the cluster failed too: {stop.Message}");
            }

            throw;
        }

        await cluster.StopAsync();
        Directory.Delete(cluster._stateDirectory, recursive: true);
    }

    private async Task StopAsync()
    {
        Gateway.Dispose();
        await ScriptAsync(new Dictionary<string, string>(), "stop", "--state-dir", _stateDirectory);
    }

    // a start that fails leaves its state directory (and its processes' logs) in place: the script's failure names it
    private static async Task<LocalCluster> StartAsync(int silos, IReadOnlyDictionary<string, string> settings, string postgres, string? roles, string? cores)
    {
        var stateDirectory = Path.Combine(Path.GetTempPath(), "xip-cluster-tests", Guid.NewGuid().ToString("N"));
        var serviceId = $"cluster-tests-{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string>(settings)
        {
            ["XIP_POSTGRES"] = postgres,
            ["XiP__ServiceId"] = serviceId,
        };
        string[] placement = [.. roles is null ? [] : new[] { "--roles", roles }, .. cores is null ? [] : new[] { "--cores", cores }];
        var output = await ScriptAsync(environment, ["start", "--silos", silos.ToString(CultureInfo.InvariantCulture), "--state-dir", stateDirectory, "--no-build", "--configuration", Configuration, .. placement]);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(silos + 1, lines.Length);
        Assert.All(lines[..silos], (line, i) => Assert.StartsWith($"silo {i + 1} pid ", line));
        Assert.StartsWith("gateway pid ", lines[^1]);
        return new LocalCluster(stateDirectory, ReadState(Path.Combine(stateDirectory, "cluster.env")), serviceId, postgres);
    }

    /// <summary>The index (from 1) of the silo at <paramref name="host"/>, a silo address as <c>ip:port@generation</c>.</summary>
    public int SiloAt(string host)
    {
        var port = host.Split('@')[0].Split(':')[^1];
        return Enumerable.Range(1, Silos).Single(i => _values[$"silo_{i}_silo_port"] == port);
    }

    /// <summary>Sends the silo SIGKILL or SIGTERM and returns once its process is gone.</summary>
    public Task KillSiloAsync(int index, string signal) =>
        ScriptAsync(new Dictionary<string, string>(), "kill-silo", index.ToString(CultureInfo.InvariantCulture), "--signal", signal, "--state-dir", _stateDirectory);

    public string Log(int silo) => File.ReadAllText(_values[$"silo_{silo}_log"]);

    /// <summary>
    /// Starts one more silo process that tries to join this cluster (same cluster and service ids, membership and
    /// state) with only <paramref name="settings"/> added, none of the cluster's own (<c>XiP__Tls__*</c> among them);
    /// it is not waited for, not listed in the state directory and not stopped with the cluster: the caller owns it.
    /// Its output goes to <see cref="ExtraSilo.LogPath"/> in the state directory.
    /// </summary>
    public ExtraSilo StartExtraSilo(string name, IReadOnlyDictionary<string, string> settings)
    {
        var log = Path.Combine(_stateDirectory, name + ".log");
        var silo = Path.Combine(RepositoryRoot(), "silo", "XiP.Silo", "bin", Configuration, "net10.0", "XiP.Silo.dll");
        var start = new ProcessStartInfo("bash") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", "exec dotnet \"$0\" --urls \"$1\" </dev/null >\"$2\" 2>&1", silo, $"http://127.0.0.1:{LoopbackPorts.Reserve()}", log })
        {
            start.ArgumentList.Add(argument);
        }

        var environment = new Dictionary<string, string>(settings)
        {
            ["XiP__Clustering"] = "postgres",
            ["XiP__GrainStorage"] = "postgres",
            ["XiP__Results"] = "postgres",
            ["ConnectionStrings__Postgres"] = _postgres,
            ["XiP__ClusterId"] = _values["cluster_id"],
            ["XiP__ServiceId"] = _serviceId,
            ["XiP__AdvertisedAddress"] = "127.0.0.1",
            ["XiP__SiloPort"] = LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture),
            ["XiP__GatewayPort"] = LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ExtraSilo(Process.Start(start)!, log, int.Parse(environment["XiP__SiloPort"], CultureInfo.InvariantCulture));
    }
    /// <summary>The file names of the assemblies the gateway process has loaded (mapped), from <c>/proc/{pid}/maps</c>.</summary>
    public IReadOnlySet<string> GatewayAssemblies() =>
        File.ReadLines($"/proc/{_values["gateway_pid"]}/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[^1].EndsWith(".dll", StringComparison.Ordinal))
            .Select(fields => Path.GetFileName(fields[^1]))
            .ToHashSet(StringComparer.Ordinal);

    // the processes run what this test assembly was built with (the project references build both)
    private const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private static Task<string> ScriptAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunScriptAsync("local-cluster.sh", environment, arguments);

    /// <summary>Runs <c>infra/scripts/<paramref name="script"/></c> with <paramref name="arguments"/>; returns its standard output, failing the test when it fails.</summary>
    public static async Task<string> RunScriptAsync(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "infra", "scripts", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"{script} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static Dictionary<string, string> ReadState(string path) =>
        File.ReadAllLines(path).Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.XiP.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Orleans.XiP.sln was not found above " + AppContext.BaseDirectory);
    }
}
