using System.CommandLine;
using XiP.Client;
using XiP.Cli.Output;

namespace XiP.Cli;

/// <summary>
/// Runs a command's body against the gateway named by <c>--url</c> and turns failures into messages and
/// exit codes, so each command only says what it does.
/// </summary>
internal sealed class CommandRunner(CliContext context, Option<Uri> url, Option<string?> apiKey)
{
    public CliContext Context => context;

    public void SetAction(Command command, Func<ParseResult, XiPClient, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var gateway = parse.GetRequiredValue(url);
            using var http = context.CreateClient(gateway);
            try
            {
                return await body(parse, new XiPClient(http, new XiPClientOptions { ApiKey = parse.GetValue(apiKey) }), cancellationToken);
            }
            catch (XiPApiException e)
            {
                ErrorReport.Write(context.Error, e);
                return ExitCodes.ApiError;
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                var what = e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
                    ? "cannot reach the XiP gateway at"
                    : "lost the connection to the XiP gateway at";
                await context.Error.WriteLineAsync($"xip: {what} {gateway}: {e.Message}");
                return ExitCodes.Connection;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync($"xip: cannot reach the XiP gateway at {gateway}: no answer in time.");
                return ExitCodes.Connection;
            }
            catch (UsageException e)
            {
                await context.Error.WriteLineAsync($"xip: {e.Message}");
                return ExitCodes.Usage;
            }
        });
}
