using Microsoft.Net.Http.Headers;

namespace XiP.Gateway.Apis;

/// <summary>
/// 415 for a body labelled as something other than JSON, before the body is read: a form post from another site's page
/// (the one content type a browser sends across sites without asking) never reaches a JSON endpoint.
/// </summary>
internal static class RequestContentTypes
{
    private static readonly string[] Ndjson = ["application/x-ndjson", "application/jsonl", "text/plain"];

    /// <summary>Endpoints that read JSON only.</summary>
    public static TBuilder RequireJson<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(Filter(allowNdjson: false));

    /// <summary>The bulk upload: JSON, or NDJSON as it has always taken.</summary>
    public static TBuilder RequireJsonOrNdjson<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(Filter(allowNdjson: true));

    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter(bool allowNdjson) => (context, next) =>
    {
        var contentType = context.HttpContext.Request.ContentType;
        if (contentType is null || IsAccepted(contentType, allowNdjson))
        {
            return next(context);
        }

        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported content type.",
            detail: $"'{contentType}' is not accepted here; send application/json{(allowNdjson ? " or application/x-ndjson" : string.Empty)}."));
    };

    private static bool IsAccepted(string contentType, bool allowNdjson)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return false;
        }

        return string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || (allowNdjson && Ndjson.Contains(type, StringComparer.OrdinalIgnoreCase));
    }
}
