using Spectre.Console;
using XiP.Client;
using XiP.Contracts.Runs;

namespace XiP.Cli.Output;

/// <summary>A progress bar driven by a run's server-sent events until its terminal event.</summary>
internal static class RunWatch
{
    /// <summary>Follows <paramref name="run"/> to its end and returns its final status (with the summary).</summary>
    public static async Task<RunStatus> FollowAsync(IAnsiConsole console, XiPClient client, RunStatus run, CancellationToken cancellationToken)
    {
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Describe(run.RunId, run.Status), maxValue: Math.Max(1, run.Total));
                await foreach (var e in client.WatchRunAsync(run.RunId, cancellationToken: cancellationToken))
                {
                    task.MaxValue = Math.Max(1, e.Total);
                    task.Value = e.Done + e.Failed;
                    task.Description = Describe(e.RunId, e.Status);
                }

                task.StopTask();
            });

        return await client.GetRunAsync(run.RunId, cancellationToken);
    }

    private static string Describe(string runId, RunState status) => Markup.Escape($"{runId} {RunView.StatusName(status)}");
}
