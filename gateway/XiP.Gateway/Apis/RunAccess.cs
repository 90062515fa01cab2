using Microsoft.AspNetCore.Http.HttpResults;
using XiP.Abstractions.Runs;
using XiP.Gateway.Security;

namespace XiP.Gateway.Apis;

/// <summary>Who may see and stop a run: judged from the books and submitter the run itself stores, so it holds after restarts.</summary>
internal static class RunAccess
{
    /// <summary>A caller reads a run when it is entitled to every book of the run (a run stored before its books were recorded: only callers of every book).</summary>
    public static bool MayRead(Caller caller, RunSnapshot run) =>
        caller.Books.IsAll || (run.Books is { } books && books.TrueForAll(caller.MayUse));

    /// <summary>Null when the caller may cancel (or, with <paramref name="purging"/>, purge) the run; otherwise the 403 that says why not.</summary>
    public static ProblemHttpResult? WhyNotCancel(Caller caller, RunSnapshot run, bool purging)
    {
        if (caller.IsAdmin)
        {
            return null;
        }

        if (purging)
        {
            return Refused($"Only an admin may purge run '{run.RunId}'.");
        }

        if (!MayRead(caller, run))
        {
            return NotEntitled(run.RunId);
        }

        return string.Equals(run.SubmittedBy, caller.Name, StringComparison.Ordinal)
            ? null
            : Refused($"Run '{run.RunId}' was submitted by another caller; a trader cancels only its own runs.");
    }

    public static ProblemHttpResult NotEntitled(string runId) =>
        Refused($"The caller is not entitled to every book of run '{runId}'.");

    private static ProblemHttpResult Refused(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.", detail: detail);
}
