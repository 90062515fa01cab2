using System.CommandLine;
using XiP.Client;
using XiP.Cli.Output;
using XiP.Contracts.Runs;

namespace XiP.Cli.Commands;

/// <summary><c>xip run submit</c>: submits a run, and with <c>--watch</c> follows it to the end.</summary>
internal static class RunSubmitCommand
{
    public static Command Create(CommandRunner runner)
    {
        var book = new Option<string>("--book") { Description = "The book to run (or give --trade-ids)." };
        var tradeIds = new Option<string[]>("--trade-ids") { Description = "Trade ids to run instead of a book, comma-separated.", AllowMultipleArgumentsPerToken = true };
        var marketData = new Option<string>("--market-data") { Description = "A stored market-data snapshot id.", Required = true };
        var scenarios = new Option<string>("--scenarios") { Description = "A stored scenario set id; without it only the base market is valued." };
        var measures = new Option<string[]>("--measures") { Description = "Measures, comma-separated: pv,delta,…", Required = true, AllowMultipleArgumentsPerToken = true };
        var clientRunId = new Option<string>("--client-run-id") { Description = "Your id for the run: submitting again with it reaches the same run." };
        var watch = new Option<bool>("--watch") { Description = "Show a live progress bar until the run ends, then its summary." };
        var command = new Command("submit", "Submits a risk run and prints its id.") { book, tradeIds, marketData, scenarios, measures, clientRunId, watch };
        runner.SetAction(command, async (parse, client, cancellationToken) =>
        {
            var submitted = await client.SubmitRunAsync(
                new RunRequest
                {
                    Book = parse.GetValue(book),
                    TradeIds = parse.GetValue(tradeIds) is { Length: > 0 } ids ? SplitLists(ids) : null,
                    MarketDataId = parse.GetRequiredValue(marketData),
                    ScenarioSetId = parse.GetValue(scenarios),
                    Measures = SplitLists(parse.GetRequiredValue(measures)),
                    ClientRunId = parse.GetValue(clientRunId),
                },
                cancellationToken);
            await runner.Context.Out.WriteLineAsync($"Submitted run {submitted.RunId} ({RunView.StatusName(submitted.Status)}, {submitted.Total} valuations).");
            if (!parse.GetValue(watch))
            {
                return ExitCodes.Ok;
            }

            var final = await RunWatch.FollowAsync(runner.Context.Console, client, submitted, cancellationToken);
            runner.Context.Console.Write(RunView.Of(final));
            return final.Status == RunState.Completed ? ExitCodes.Ok : ExitCodes.RunNotCompleted;
        });
        return command;
    }

    private static List<string> SplitLists(IEnumerable<string> values) =>
        [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
