using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using XiP.Cli.Output;
using XiP.Contracts;

namespace XiP.Cli.Commands;

/// <summary><c>xip run …</c>: submit, follow, read and cancel risk runs.</summary>
internal static class RunCommand
{
    public static Command Create(CommandRunner runner) => new("run", "Risk runs: a book × a scenario set × measures on a stored snapshot.")
    {
        RunSubmitCommand.Create(runner),
        Status(runner),
        List(runner),
        RunResultsCommand.Create(runner),
        Cancel(runner),
    };

    public static Argument<string> RunId() => new("ID") { Description = "The run id (run-…), as submit printed it." };

    private static Command Status(CommandRunner runner)
    {
        var id = RunId();
        var format = new Option<string>("--format") { Description = "table (default: amounts to the cent) or json (the gateway's answer, full precision).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("status", "Shows a run's status, counts, timings and, once completed, its summary.") { id, format };
        runner.SetAction(command, async (parse, client, cancellationToken) =>
        {
            var run = await client.GetRunAsync(parse.GetRequiredValue(id), cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                await runner.Context.Out.WriteLineAsync(JsonSerializer.Serialize(run, ContractJson.Indented));
            }
            else
            {
                runner.Context.Console.Write(RunView.Of(run));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var limit = new Option<int?>("--limit") { Description = "How many runs, newest first (the gateway's default: 100)." };
        var command = new Command("list", "Lists the most recent runs.") { limit };
        runner.SetAction(command, async (parse, client, cancellationToken) =>
        {
            var table = new Table().AddColumn("run").AddColumn("status").AddColumn("submitted");
            foreach (var run in await client.ListRunsAsync(parse.GetValue(limit), cancellationToken))
            {
                table.AddRow(new Text(run.RunId), new Text(RunView.StatusName(run.Status)), new Text(run.SubmittedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)));
            }

            runner.Context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Cancel(CommandRunner runner)
    {
        var id = RunId();
        var command = new Command("cancel", "Cancels a run; once this returns the run writes no more results.") { id };
        runner.SetAction(command, async (parse, client, cancellationToken) =>
        {
            var status = await client.CancelRunAsync(parse.GetRequiredValue(id), cancellationToken);
            await runner.Context.Out.WriteLineAsync($"Run {status.RunId} is {RunView.StatusName(status.Status)}: {status.Done} of {status.Total} valuations done.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
