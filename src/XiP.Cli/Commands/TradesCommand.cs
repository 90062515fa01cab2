using System.CommandLine;

namespace XiP.Cli.Commands;

/// <summary><c>xip trades upload FILE</c>: stores a book of trades in one request.</summary>
internal static class TradesCommand
{
    private static readonly string[] NdjsonExtensions = [".ndjson", ".jsonl"];

    public static Command Create(CommandRunner runner)
    {
        var file = new Argument<FileInfo>("FILE")
        {
            Description = "A JSON array of trades, or NDJSON (one trade per line; .ndjson/.jsonl, or any file not starting with '[').",
        }.AcceptExistingOnly();
        var upload = new Command("upload", "Uploads trades from a file, streamed as it is read; one invalid trade stores none.") { file };
        runner.SetAction(upload, async (parse, client, cancellationToken) =>
        {
            var path = parse.GetRequiredValue(file);
            var ndjson = NdjsonExtensions.Contains(path.Extension, StringComparer.OrdinalIgnoreCase);
            var stored = await client.UploadTradesJsonAsync(path.OpenRead(), ndjson, cancellationToken);
            await runner.Context.Out.WriteLineAsync(
                $"Stored {stored.Stored} trades from {path.Name}: {stored.Created} new, {stored.Changed} new versions, {stored.Unchanged} unchanged.");
            return ExitCodes.Ok;
        });
        return new Command("trades", "Stores trades.") { upload };
    }
}
