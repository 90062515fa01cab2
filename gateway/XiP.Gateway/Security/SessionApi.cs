using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace XiP.Gateway.Security;

/// <summary>
/// Browser sessions: an API key exchanged for an HttpOnly, SameSite=Strict cookie (which <c>EventSource</c> sends, where it
/// cannot send a header) and an antiforgery token that every state-changing request made with the cookie must carry.
/// </summary>
public static class SessionApi
{
    public const string CookieScheme = "Session";
    public const string CookieName = "xip-session";
    public const string AntiforgeryHeader = "X-XSRF-Token";
    public const string AntiforgeryCookie = "xip-antiforgery";

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/session").WithTags("Session");
        api.MapPost(string.Empty, SignIn)
            .WithName("SignIn")
            .WithSummary("Exchanges the API key in X-API-Key for a session cookie and an antiforgery token.")
            .WithDescription($"Send the token in the {AntiforgeryHeader} header of every POST, PUT, PATCH and DELETE made with the cookie.")
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = ApiKeyHandler.SchemeName, Policy = XiPRoles.Viewer })
            .Produces<SessionView>();
        api.MapDelete(string.Empty, (Func<HttpContext, Task<NoContent>>)SignOut)
            .WithName("SignOut")
            .WithSummary("Ends the session: the cookie is removed.")
            .RequireAuthorization(XiPRoles.Viewer)
            .Produces(StatusCodes.Status204NoContent);
        return app;
    }

    public static async Task<Ok<SessionView>> SignIn(HttpContext context, IAntiforgery antiforgery)
    {
        var caller = Caller.Of(context);
        var identity = new ClaimsIdentity(context.User.Claims, CookieScheme, ClaimNames.Subject, ClaimNames.Roles);
        var principal = new ClaimsPrincipal(identity);
        await context.SignInAsync(CookieScheme, principal);

        // the token is bound to the session's subject, so it is made for the principal the cookie carries
        context.User = principal;
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new SessionView(caller.Name, tokens.RequestToken!, AntiforgeryHeader));
    }

    public static async Task<NoContent> SignOut(HttpContext context)
    {
        await context.SignOutAsync(CookieScheme);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Refuses (403) a state-changing request that a session cookie authenticated and that lacks the session's
    /// antiforgery token: another site's page can make the browser send the cookie, but cannot read the token.
    /// </summary>
    public static IApplicationBuilder UseSessionAntiforgery(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var method = context.Request.Method;
        var changes = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        return changes && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme } ? CheckTokenAsync(context, next) : next(context);
    });

    private static async Task CheckTokenAsync(HttpContext context, RequestDelegate next)
    {
        if (!await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Antiforgery token missing or not valid.",
                    Detail = $"A request made with the session cookie must carry the token POST /v1/session gave, in the {AntiforgeryHeader} header.",
                },
            });
            return;
        }

        await next(context);
    }
}

/// <summary>What signing in answers: who the session is for, and the antiforgery token with the header to send it in.</summary>
public sealed record SessionView(string Caller, string AntiforgeryToken, string AntiforgeryHeader);
