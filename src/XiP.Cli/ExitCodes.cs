namespace XiP.Cli;

/// <summary>What <c>xip</c> exits with; scripts branch on these.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The gateway answered with an error (4xx or 5xx); its problem details are printed.</summary>
    public const int ApiError = 1;

    /// <summary>The command line is wrong: unknown command or option, a missing argument, a file that does not exist.</summary>
    public const int Usage = 2;

    /// <summary>The gateway could not be reached, or the connection to it was lost.</summary>
    public const int Connection = 3;

    /// <summary>A run followed with <c>--watch</c> ended failed or cancelled.</summary>
    public const int RunNotCompleted = 4;

    public const string Help =
        "Exit codes: 0 ok; 1 the gateway answered with an error (4xx/5xx); 2 usage error; 3 cannot reach the gateway; "
        + "4 a run followed with --watch ended failed or cancelled.";
}
