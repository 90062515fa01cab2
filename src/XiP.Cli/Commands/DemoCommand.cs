using System.CommandLine;
using System.Globalization;

namespace XiP.Cli.Commands;

/// <summary><c>xip demo load</c>: stores the demo data set, so that a newcomer has a book, a snapshot and scenarios to run.</summary>
internal static class DemoCommand
{
    public static Command Create(CommandRunner runner)
    {
        var load = new Command("load", "Loads the demo data set: books of all four products, snapshot 'demo' and scenario sets. Loading it again changes nothing.");
        runner.SetAction(load, async (_, client, cancellationToken) =>
        {
            var demo = await client.LoadDemoAsync(cancellationToken);
            var output = runner.Context.Out;
            await output.WriteLineAsync(demo.Created ? "Loaded the demo data set:" : "The demo data set was already loaded; nothing changed:");
            await output.WriteLineAsync($"  books          {string.Join(", ", demo.Books)} ({demo.Trades} trades)");
            await output.WriteLineAsync($"  market data    {demo.SnapshotId} (valuation date {demo.ValuationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})");
            await output.WriteLineAsync($"  scenario sets  {string.Join(", ", demo.ScenarioSets)}");
            await output.WriteLineAsync(
                $"Run one: xip run submit --book {demo.Books[0]} --market-data {demo.SnapshotId} --scenarios {demo.ScenarioSets[0]} --measures pv --watch");
            return ExitCodes.Ok;
        });
        return new Command("demo", "The demo data set.") { load };
    }
}
