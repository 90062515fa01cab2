using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace XiP.Gateway.Security;

/// <summary>
/// Authenticates <c>X-API-Key</c>. It also answers every challenge and refusal of the gateway (the other schemes forward
/// theirs here), so that 401 and 403 are problem+json and 401 says, in <c>WWW-Authenticate</c>, what credentials would do.
/// </summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRegistry keys, IOptions<AuthOptions> auth, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-API-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(Authenticate(Request, keys));

    /// <summary>What the <c>X-API-Key</c> of <paramref name="request"/> says: no key, a key no one has, or the caller it stands for.</summary>
    public static AuthenticateResult Authenticate(HttpRequest request, ApiKeyRegistry keys)
    {
        if (!request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        return keys.Find(values[0]!, SchemeName) is { } principal
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
            : AuthenticateResult.Fail("The API key is not valid.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append("WWW-Authenticate", $"ApiKey realm=\"XiP\", header=\"{HeaderName}\"");
        if (auth.Value.Jwt.IsConfigured)
        {
            Response.Headers.Append("WWW-Authenticate", "Bearer realm=\"XiP\"");
        }

        var presented = Request.Headers.ContainsKey(HeaderName) || Request.Headers.Authorization.Count > 0;
        await WriteAsync(StatusCodes.Status401Unauthorized, "Authentication required.", presented
            ? "The credentials given are not valid (unknown API key, or a token that is expired, wrongly signed or for another audience)."
            : $"Send an API key in the {HeaderName} header, a bearer token, or sign in for a session cookie.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteAsync(StatusCodes.Status403Forbidden, "Not allowed.", "The caller's roles do not allow this call.");

    private Task WriteAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
