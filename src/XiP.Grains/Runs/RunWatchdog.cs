using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Runs;

namespace XiP.Grains.Runs;

/// <summary>
/// Makes sure every pending or running run has a live activation, so a run whose silo died resumes from
/// its saved state without waiting for a client to ask about it. Runs on every silo; in each round only
/// the silo with the lowest address among the active ones acts, so the cluster makes one pass per
/// <see cref="RunOptions.WatchdogInterval"/> whichever silos come and go. A pass asks the registry for its
/// active runs and asks each run for its status: a run whose activation is gone is activated again (its
/// <c>OnActivateAsync</c> resumes it), and a registry entry left running by a run that had in fact
/// finished is corrected.
/// </summary>
public sealed partial class RunWatchdog(
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IOptions<RunOptions> options,
    ILogger<RunWatchdog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.WatchdogInterval;
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!RunSweepLeader.IsLocal(membership, silo))
            {
                continue;
            }

            try
            {
                await PassAsync(interval, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // the registry's silo may be the one that just died: the next round tries again
                LogPassFailed(logger, e);
            }
        }
    }

    private async Task PassAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        var registry = grains.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key);
        var active = await registry.ActiveAsync().WaitAsync(interval, stoppingToken);

        // each run on its own: one whose old silo is not yet declared dead must not hold up the others
        await Task.WhenAll(active.Select(async runId =>
        {
            try
            {
                var run = await grains.GetGrain<IRiskRunGrain>(runId).GetSnapshotAsync().WaitAsync(interval, stoppingToken);
                if (run is { IsTerminal: true })
                {
                    await registry.UpdateAsync(runId, run.State);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRunUnreachable(logger, runId, e.GetBaseException().Message);
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run watchdog: the pass failed; the next one tries again.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run watchdog: run {RunId} did not answer yet ({Reason}).")]
    private static partial void LogRunUnreachable(ILogger logger, string runId, string reason);
}
