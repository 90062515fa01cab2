using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using XiP.Abstractions;

namespace XiP.Gateway;

/// <summary>
/// A store or the cluster failing under a request is not the client's fault and may pass: answered 503 problem+json
/// with <c>Retry-After</c>, so clients and proxies retry, instead of a 500 (or a serialization error in its place).
/// </summary>
internal sealed class UnavailableProblems(IProblemDetailsService problems, ILogger<UnavailableProblems> logs) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        logs.LogWarning(exception, "{Method} {Path} answered 503: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The platform cannot serve this request now; try again shortly.",
                Detail = exception is StorageUnavailableException ? "A store is unavailable."
                    : NoSiloWithRole(exception) ? "No active silo has the role this request needs (see GET /v1/cluster, missingRoles)."
                    : "The cluster did not answer in time.",
            },
        });
    }

    /// <summary>
    /// A store failing (as the silos report it, also inside the error Orleans wraps a failed state read in) or the
    /// cluster not answering: conditions that pass.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StorageUnavailableException || (e == exception && e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException) || NoSiloWithRole(e))
            {
                return true;
            }
        }

        return false;
    }

    // Orleans has no exception type of its own for a grain no active silo may host (the role filter left none): its message says so
    private static bool NoSiloWithRole(Exception e) =>
        e is OrleansException && e.Message.StartsWith("No active nodes are compatible with grain", StringComparison.Ordinal);
}
