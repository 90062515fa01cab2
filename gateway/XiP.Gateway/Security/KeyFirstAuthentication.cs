using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace XiP.Gateway.Security;

/// <summary>
/// The host's authentication service with one shortcut in front: a request to the gateway's default scheme that carries
/// a valid <c>X-API-Key</c> is answered straight from the key registry. Through the framework that answer costs two
/// handler instances (the selector's and the key handler's), their initialisation and a forward per request: a tenth
/// of a <c>POST /v1/price</c>. The answer is the one the selector would forward to (a present key always goes to the
/// key handler); anything else, an unknown key included, and every challenge, refusal and sign-in go to the framework's
/// service, so refusals are unchanged. Such a request is not timed in <c>aspnetcore.authentication.authenticate.duration</c>.
/// </summary>
public sealed class KeyFirstAuthentication(IAuthenticationService framework, ApiKeyRegistry keys, IOptions<AuthenticationOptions> options, IClaimsTransformation transform)
    : IAuthenticationService
{
    /// <summary>Puts the shortcut in front of the authentication service registered so far (call after <c>AddAuthentication</c>).</summary>
    public static void Decorate(IServiceCollection services) => FrameworkServices.Decorate<IAuthenticationService>(services, (sp, framework) => new KeyFirstAuthentication(
        framework, sp.GetRequiredService<ApiKeyRegistry>(), sp.GetRequiredService<IOptions<AuthenticationOptions>>(), sp.GetRequiredService<IClaimsTransformation>()));

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme)
    {
        if (keys.Count > 0 && (scheme ?? options.Value.DefaultAuthenticateScheme ?? options.Value.DefaultScheme) == XiPSecurity.SelectorScheme
            && ApiKeyHandler.Authenticate(context.Request, keys) is { Succeeded: true, Ticket: { } ticket })
        {
            return TransformedAsync(ticket);
        }

        return framework.AuthenticateAsync(context, scheme);
    }

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => framework.ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => framework.ForbidAsync(context, scheme, properties);

    public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) =>
        framework.SignInAsync(context, scheme, principal, properties);

    public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => framework.SignOutAsync(context, scheme, properties);

    private async Task<AuthenticateResult> TransformedAsync(AuthenticationTicket ticket)
    {
        var principal = await transform.TransformAsync(ticket.Principal);
        return AuthenticateResult.Success(ReferenceEquals(principal, ticket.Principal) ? ticket : new AuthenticationTicket(principal, ticket.Properties, ticket.AuthenticationScheme));
    }
}
