using System.CommandLine;
using System.Text;
using XiP.Client;
using XiP.Cli.Output;
using XiP.Contracts;

namespace XiP.Cli.Commands;

/// <summary><c>xip run results ID</c>: every result of a run, page after page, as CSV or JSON.</summary>
internal static class RunResultsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var id = RunCommand.RunId();
        var format = new Option<string>("--format") { Description = "csv (default) or json.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var measure = new Option<string>("--measure") { Description = "Only this measure." };
        var book = new Option<string>("--book") { Description = "Only the trades of this book." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var pageSize = new Option<int?>("--page-size") { Description = $"Results per request (the gateway's default: {Limits.DefaultResultPageSize}, at most {Limits.MaxResultPageSize})." };
        var command = new Command(
            "results",
            "Writes all results of a run. CSV: tradeId,book,measure,tradeVersion,base,s1..sN,error, where sK is the K-th scenario of the set; "
            + "numbers in invariant culture, round-trip precision.")
        {
            id, format, measure, book, output, pageSize,
        };
        runner.SetAction(command, async (parse, client, cancellationToken) =>
        {
            var runId = parse.GetRequiredValue(id);
            var run = await client.GetRunAsync(runId, cancellationToken);
            var results = client.GetResultsAsync(runId, new ResultQuery(parse.GetValue(measure), parse.GetValue(book), parse.GetValue(pageSize)), cancellationToken);
            var csv = parse.GetValue(format) == "csv";
            var markets = (run.Shape?.Scenarios ?? 0) + 1;
            if (parse.GetValue(output) is not { } file)
            {
                await Write(runner.Context.Out);
                return ExitCodes.Ok;
            }

            int count;
            await using (var writer = new StreamWriter(file.FullName, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                count = await Write(writer);
            }

            await runner.Context.Out.WriteLineAsync($"Wrote {count} results of run {runId} to {file.FullName}.");
            return ExitCodes.Ok;

            Task<int> Write(TextWriter writer) =>
                csv ? ResultsWriter.WriteCsvAsync(writer, results, markets, cancellationToken) : ResultsWriter.WriteJsonAsync(writer, results, cancellationToken);
        });
        return command;
    }
}
