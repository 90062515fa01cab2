namespace XiP.Cli.Tests;

/// <summary>What one in-process <c>xip</c> invocation printed and exited with.</summary>
public sealed record CliOutcome(int ExitCode, string Out, string Error)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static Task<CliOutcome> RunAsync(Func<Uri, HttpClient> createClient, params string[] args) =>
        RunWithKeyAsync(createClient, PlatformFactory.ApiKey, args);

    /// <summary>Runs <c>xip</c> with <paramref name="apiKey"/> as its <c>XIP_API_KEY</c> (null: none set).</summary>
    public static async Task<CliOutcome> RunWithKeyAsync(Func<Uri, HttpClient> createClient, string? apiKey, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // the progress display writes from its own thread
        var context = CliContext.ForWriters(TextWriter.Synchronized(output), TextWriter.Synchronized(error), createClient, defaultApiKey: apiKey);
        using var timeout = new CancellationTokenSource(Limit);
        var exitCode = await XipCli.Create(context).InvokeAsync(args, timeout.Token);
        return new CliOutcome(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- error\n{Error}";
}
