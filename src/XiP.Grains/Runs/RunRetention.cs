using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Runs;

namespace XiP.Grains.Runs;

/// <summary>
/// Purges finished runs, with their results, once <see cref="RunOptions.RetentionDays"/> have passed since they finished,
/// so the result store and the grain state do not grow for ever. Runs on every silo; each
/// <see cref="RunOptions.RetentionInterval"/> the sweep leader (<see cref="RunSweepLeader"/>) asks the run registry for
/// the runs that finished before the cutoff and purges each. Without a retention period it does nothing.
/// </summary>
public sealed partial class RunRetention(
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IOptions<RunOptions> options,
    TimeProvider clock,
    ILogger<RunRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionDays is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.RetentionInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!RunSweepLeader.IsLocal(membership, silo))
            {
                continue;
            }

            try
            {
                await PurgeExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // the registry's silo may be going away: the next round tries again
                LogPassFailed(logger, e);
            }
        }
    }

    /// <summary>One sweep: purges every run that finished more than the retention period ago; answers how many it purged.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        if (options.Value.RetentionDays is not { } days)
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(days);
        var registry = grains.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key);
        var purged = 0;
        foreach (var runId in await registry.FinishedBeforeAsync(cutoff))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                switch (await grains.GetGrain<IRiskRunGrain>(runId).PurgeAsync())
                {
                    case RunPurge.Purged:
                        purged++;
                        break;
                    case RunPurge.Unknown:
                        // its purge stopped before the registry forgot it
                        await registry.ForgetAsync(runId);
                        break;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // one run that cannot be purged now does not keep the others
                LogRunNotPurged(logger, runId, e);
            }
        }

        if (purged > 0)
        {
            LogPurged(logger, purged, days);
        }

        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run retention: purged {Count} runs finished more than {Days} days ago.")]
    private static partial void LogPurged(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run retention: run {RunId} could not be purged; the next sweep tries again.")]
    private static partial void LogRunNotPurged(ILogger logger, string runId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run retention: the sweep failed; the next one tries again.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
