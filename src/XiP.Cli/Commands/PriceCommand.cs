using System.CommandLine;
using System.Text.Json;
using XiP.Client;
using XiP.Cli.Output;
using XiP.Contracts;

namespace XiP.Cli.Commands;

/// <summary><c>xip price FILE</c>: synchronous pricing of a request file.</summary>
internal static class PriceCommand
{
    public static Command Create(CommandRunner runner)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A POST /v1/price body: marketData (or marketDataId), trades, measures." }.AcceptExistingOnly();
        var format = new Option<string>("--format") { Description = "table (default) or json (the gateway's answer).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("price", "Prices the trades of a request file and prints each trade's measures.") { file, format };
        runner.SetAction(command, async (parse, client, cancellationToken) =>
        {
            var result = await client.PriceJsonAsync(parse.GetRequiredValue(file).OpenRead(), cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                await runner.Context.Out.WriteLineAsync(JsonSerializer.Serialize(result, ContractJson.Indented));
            }
            else
            {
                runner.Context.Console.Write(PriceTable.Of(result));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
