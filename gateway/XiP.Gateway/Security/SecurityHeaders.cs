using Microsoft.AspNetCore.Http;

namespace XiP.Gateway.Security;

/// <summary>
/// Puts the browser-hardening headers on every answer, pages, static files and API alike: a Content-Security-Policy
/// (<see cref="ContentSecurityPolicies"/>), no MIME sniffing, no referrer, no framing, no powerful browser features.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>Browser features the dashboard never uses, refused to it and to anything injected into it.</summary>
    public const string PermissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

    public Task InvokeAsync(HttpContext context)
    {
        // set when the answer starts, not now: the exception handler clears the headers of a response it replaces
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicies.For(context.Request.Path);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
