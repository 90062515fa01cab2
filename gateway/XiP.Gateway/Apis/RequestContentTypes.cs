using Microsoft.Net.Http.Headers;

namespace XiP.Gateway.Apis;

/// <summary>
/// 415 for a body labelled as something other than JSON, before the body is read: a form post from another site's page
/// (the one content type a browser sends across sites without asking) never reaches a JSON endpoint.
/// </summary>
/// <remarks>
/// The endpoints say what they take in their metadata and one middleware, placed after authorisation and the rate
/// limits, answers: an endpoint filter would do the same at the same point, but puts every call of the endpoints it
/// guards through the filter pipeline (arguments and result boxed, a context per call).
/// </remarks>
internal static class RequestContentTypes
{
    private static readonly string[] Ndjson = ["application/x-ndjson", "application/jsonl", "text/plain"];

    /// <summary>Endpoints that read JSON only.</summary>
    public static TBuilder RequireJson<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(AcceptedBodies.Json);

    /// <summary>The bulk upload: JSON, or NDJSON as it has always taken.</summary>
    public static TBuilder RequireJsonOrNdjson<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(AcceptedBodies.JsonOrNdjson);

    /// <summary>Answers 415 for the endpoints that require JSON; must come after authentication, authorisation and the rate limits.</summary>
    public static IApplicationBuilder UseRequestContentTypes(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var contentType = context.Request.ContentType;
        if (contentType is null || context.GetEndpoint()?.Metadata.GetMetadata<AcceptedBodies>() is not { } accepted || IsAccepted(contentType, accepted.AllowNdjson))
        {
            return next(context);
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported content type.",
            detail: $"'{contentType}' is not accepted here; send application/json{(accepted.AllowNdjson ? " or application/x-ndjson" : string.Empty)}.").ExecuteAsync(context);
    });

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

    private sealed record AcceptedBodies(bool AllowNdjson)
    {
        public static readonly AcceptedBodies Json = new(false);
        public static readonly AcceptedBodies JsonOrNdjson = new(true);
    }
}
