using System.Net;
using System.Text.Json;

namespace XiP.Client;

/// <summary>
/// The gateway answered with an error status. <see cref="Errors"/> holds the problem details' field errors,
/// keyed by the JSON path of each field that could not be accepted (<c>trades[0].strike</c>).
/// </summary>
public sealed class XiPApiException : Exception
{
    public XiPApiException(HttpStatusCode statusCode, string? title, string? detail, IReadOnlyDictionary<string, string[]> errors)
        : base(MessageOf(statusCode, title, detail))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    public HttpStatusCode StatusCode { get; }

    public string? Title { get; }

    public string? Detail { get; }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>Reads the problem details of an unsuccessful response; a body that is not problem JSON becomes the detail.</summary>
    public static async Task<XiPApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? title = null;
        string? detail = null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                title = StringOf(root, "title");
                detail = StringOf(root, "detail");
                if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in fields.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? [.. field.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetRawText())]
                            : [field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            detail = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        }

        return new XiPApiException(response.StatusCode, title ?? response.ReasonPhrase, detail, errors);
    }

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string MessageOf(HttpStatusCode statusCode, string? title, string? detail)
    {
        var head = $"{(int)statusCode} {title ?? statusCode.ToString()}";
        return detail is null ? head : $"{head} {detail}";
    }
}
