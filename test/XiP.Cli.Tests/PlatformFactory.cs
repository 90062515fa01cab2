using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using XiP.Grains.Runs;

namespace XiP.Cli.Tests;

/// <summary>
/// The gateway in embedded mode (co-hosted silo, SQLite state) on reserved ports (<see cref="LoopbackPorts"/>) and its
/// own data directory, with one valuation block per batch, and <see cref="Held"/> to keep a run from finishing.
/// </summary>
public sealed class PlatformFactory(string dataDirectory) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = dataDirectory;

    public HeldRuns Held { get; } = new();

    /// <summary>The admin key the platform is configured with, which the CLI gets as if from <c>XIP_API_KEY</c>.</summary>
    public const string ApiKey = "cli-tests-admin-key-0123456789";

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "xip-cli-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("XiP:DataDirectory", DataDirectory);
        builder.UseSetting("XiP:SiloPort", LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("XiP:GatewayPort", LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("XiP:Runs:ValuationsPerBatch", "1");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("XiP:Auth:ApiKeys:cli-tests:Key", ApiKey);
        builder.UseSetting("XiP:Auth:ApiKeys:cli-tests:Roles", "admin");
        builder.ConfigureTestServices(services => services.AddSingleton<IBatchFaultInjector>(Held));
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
    }
}

/// <summary>Holds every batch of the runs it is told about until they are released, so a test can act on a run that is still running.</summary>
public sealed class HeldRuns : IBatchFaultInjector
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _held = [];

    public void Hold(string runId)
    {
        lock (_gate)
        {
            _held[runId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release(string runId)
    {
        lock (_gate)
        {
            if (_held.Remove(runId, out var release))
            {
                release.TrySetResult();
            }
        }
    }

    public Task BeforeComputeAsync(string runId, int batchIndex, int attempt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _held.TryGetValue(runId, out var release) ? release.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
        }
    }
}
