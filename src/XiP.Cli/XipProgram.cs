namespace XiP.Cli;

/// <summary>The <c>xip</c> executable.</summary>
internal static class XipProgram
{
    private static Task<int> Main(string[] args) => XipCli.Create(CliContext.ForProcess()).InvokeAsync(args);
}
