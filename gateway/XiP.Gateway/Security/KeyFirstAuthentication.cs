using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace XiP.Gateway.Security;

/// <summary>
/// The host's authentication service with one shortcut: a request to the gateway's default scheme that carries a valid
/// <c>X-API-Key</c> is answered straight from the key registry. Through the framework that answer costs two handler
/// instances (the selector's and the key handler's), their initialisation and a forward per request: a tenth of a
/// <c>POST /v1/price</c>. The answer is the one the selector would forward to (a present key always goes to the key
/// handler); anything else, an unknown key included, takes the framework's path, so refusals are unchanged.
/// </summary>
public sealed class KeyFirstAuthentication(
    IAuthenticationSchemeProvider schemes, IAuthenticationHandlerProvider handlers, IClaimsTransformation transform, IOptions<AuthenticationOptions> options, ApiKeyRegistry keys)
    : AuthenticationService(schemes, handlers, transform, options)
{
    public override Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme)
    {
        if (keys.Count > 0 && (scheme ?? Options.DefaultAuthenticateScheme ?? Options.DefaultScheme) == XiPSecurity.SelectorScheme
            && ApiKeyHandler.Authenticate(context.Request, keys) is { Succeeded: true, Ticket: { } ticket })
        {
            return TransformedAsync(ticket);
        }

        return base.AuthenticateAsync(context, scheme);
    }

    private async Task<AuthenticateResult> TransformedAsync(AuthenticationTicket ticket)
    {
        var principal = await Transform.TransformAsync(ticket.Principal);
        return AuthenticateResult.Success(ReferenceEquals(principal, ticket.Principal) ? ticket : new AuthenticationTicket(principal, ticket.Properties, ticket.AuthenticationScheme));
    }
}
