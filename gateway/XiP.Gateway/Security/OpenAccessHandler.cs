using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace XiP.Gateway.Security;

/// <summary><c>XiP:Auth:Mode=none</c>: every caller is an admin of every book. Allowed only behind loopback listeners.</summary>
public sealed class OpenAccessHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "None";

    private static readonly CallerPrincipal Anyone = new(new ClaimsIdentity(
        [new Claim(ClaimNames.Subject, "local"), new Claim(ClaimNames.Roles, XiPRoles.Admin), new Claim(ClaimNames.Books, "*")], SchemeName, ClaimNames.Subject, ClaimNames.Roles));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Anyone, SchemeName)));
}
