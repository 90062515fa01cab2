using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using XiP.Cli.Output;
using XiP.Contracts;
using XiP.Contracts.Live;

namespace XiP.Cli.Commands;

/// <summary><c>xip live …</c>: live pricing, a subscription's updates as they come.</summary>
internal static class LiveCommand
{
    public static Command Create(CommandRunner runner) => new("live", "Live pricing: books kept priced on live markets.")
    {
        Watch(runner),
    };

    private static Command Watch(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "The subscription id, as POST /v1/subscriptions answered it." };
        var format = new Option<string>("--format") { Description = "text (default): one line per update; json: each update as one JSON line.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("watch", "Prints a subscription's current totals, then each update (version, changed trades, totals) until Ctrl+C.") { id, format };
        runner.SetAction(command, async (parse, client, cancellationToken) =>
        {
            var json = parse.GetValue(format) == "json";
            var output = runner.Context.Out;
            var first = true;
            try
            {
                await foreach (var update in client.WatchSubscriptionAsync(parse.GetRequiredValue(id), cancellationToken))
                {
                    await output.WriteLineAsync(json ? JsonSerializer.Serialize(update, ContractJson.Options) : Line(update, first));
                    await output.FlushAsync(cancellationToken);
                    first = false;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C is how a watch ends
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // the first update (and the first after a reconnect) is the whole state: its trade count is the book's, not a change
    private static string Line(SubscriptionUpdateData update, bool whole)
    {
        var totals = string.Join("  ", update.Totals.Select(t => $"{t.Key}={RiskNumbers.Format(t.Key, t.Value)}"));
        return whole
            ? $"version {update.Version}: {update.Changed.Count} trades  {totals}"
            : $"version {update.Version}: {update.Changed.Count} changed ({string.Join(", ", update.Changed.Take(5).Select(t => t.TradeId))}{(update.Changed.Count > 5 ? ", …" : string.Empty)})  {totals}";
    }
}
