namespace XiP.Gateway.Security;

/// <summary>
/// The audit trail: every state change that succeeded, with who made it, what it was and when, logged at Information
/// under the category <c>XiP.Audit</c> so that a site can route it to its own store.
/// </summary>
public static partial class Audit
{
    public const string Category = "XiP.Audit";

    // pricing and calibration are POSTs that change nothing
    private static readonly string[] ReadOnlyPosts = ["/v1/price", "/v1/curves/calibrate"];

    public static IApplicationBuilder UseAudit(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        var clock = app.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System;

        // whether a request may change state is known before it runs; only those wait for their outcome here
        return app.Use((context, next) => MayChangeState(context.Request) ? AuditAsync(context, next, logger, clock) : next(context));
    }

    private static bool MayChangeState(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        && request.Path.StartsWithSegments("/v1") && !ReadOnlyPosts.Contains(request.Path.Value, StringComparer.OrdinalIgnoreCase);

    private static async Task AuditAsync(HttpContext context, RequestDelegate next, ILogger logger, TimeProvider clock)
    {
        await next(context);
        if (context.Response.StatusCode >= 400)
        {
            return;
        }

        var request = context.Request;
        var caller = Caller.Of(context);
        LogChange(logger, caller.Name, context.User.Identity?.AuthenticationType ?? "anonymous", request.Method, request.Path.Value ?? string.Empty,
            request.QueryString.Value ?? string.Empty, context.Response.StatusCode, clock.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Caller} ({Scheme}) {Method} {Path}{Query} → {Status} at {When:O}")]
    private static partial void LogChange(ILogger logger, string caller, string scheme, string method, string path, string query, int status, DateTimeOffset when);
}
