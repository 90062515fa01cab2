using XiP.Client;

namespace XiP.Cli.Output;

/// <summary>Writes the gateway's problem details: status and title, the detail, then each field error on its own line.</summary>
internal static class ErrorReport
{
    public static void Write(TextWriter error, XiPApiException e)
    {
        error.WriteLine($"xip: the gateway answered {(int)e.StatusCode} {e.Title ?? e.StatusCode.ToString()}");
        if (e.Detail is { Length: > 0 } detail)
        {
            error.WriteLine($"  {detail}");
        }

        foreach (var (path, messages) in e.Errors)
        {
            foreach (var message in messages)
            {
                error.WriteLine($"  {(path.Length == 0 ? "$" : path)}: {message}");
            }
        }
    }
}
