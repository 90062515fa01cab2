using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace XiP.Gateway;

/// <summary>
/// A request the server could not read (a body over its limit, counted by the gateway or by Kestrel itself; a
/// malformed request) is the client's fault: answered with its own status (413, 400) as problem details, never a 500.
/// </summary>
internal sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
                Detail = bad.Message,
            },
        });
    }
}

/// <summary>The body-size refusal every endpoint gives, whoever counted the bytes.</summary>
internal static class BodyTooLarge
{
    public static BadHttpRequestException Declared(long declared, long limit) =>
        new($"The body is {declared} bytes; the limit of this endpoint is {limit} bytes.", StatusCodes.Status413PayloadTooLarge);

    public static BadHttpRequestException Counted(long limit) =>
        new($"The body is larger than the limit of this endpoint, {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
}
