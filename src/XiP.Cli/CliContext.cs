using Spectre.Console;

namespace XiP.Cli;

/// <summary>
/// Where <c>xip</c> writes and how it reaches the gateway: the process's console and real HTTP connections,
/// or, in tests, writers and an in-process handler.
/// </summary>
/// <param name="Out">Data (CSV, JSON) goes here as plain text.</param>
/// <param name="Error">Error messages.</param>
/// <param name="Console">Tables, progress and summaries for people; writes to the same place as <paramref name="Out"/>.</param>
/// <param name="CreateClient">An HttpClient for the gateway at the given base URL; the command disposes it.</param>
/// <param name="DefaultUrl">The gateway when <c>--url</c> is not given.</param>
/// <param name="DefaultApiKey">The API key when <c>--api-key</c> is not given.</param>
public sealed record CliContext(TextWriter Out, TextWriter Error, IAnsiConsole Console, Func<Uri, HttpClient> CreateClient, string DefaultUrl, string? DefaultApiKey = null)
{
    public const string UrlVariable = "XIP_URL";

    public const string ApiKeyVariable = "XIP_API_KEY";

    public const string FallbackUrl = "http://127.0.0.1:5080";

    // Only the connection attempt is bounded: a watched run or a large upload may take as long as it takes.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The process's console; the gateway from <c>XIP_URL</c>, else <see cref="FallbackUrl"/>.</summary>
    public static CliContext ForProcess() => new(
        System.Console.Out,
        System.Console.Error,
        AnsiConsole.Console,
        url => new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }) { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan },
        Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : FallbackUrl,
        Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key ? key.Trim() : null);

    /// <summary>Plain-text output on <paramref name="output"/> (no colours, no cursor movement, 200 columns wide).</summary>
    public static CliContext ForWriters(TextWriter output, TextWriter error, Func<Uri, HttpClient> createClient, string defaultUrl = FallbackUrl, string? defaultApiKey = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        return new CliContext(output, error, console, createClient, defaultUrl, defaultApiKey);
    }
}
