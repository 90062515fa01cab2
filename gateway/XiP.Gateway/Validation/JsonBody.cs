using System.Buffers;
using System.Text.Json;

namespace XiP.Gateway.Validation;

/// <summary>Reads a request body as one JSON document, within a size limit.</summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>The parsed body, or null with the problem recorded under "$".</summary>
    public static async Task<JsonDocument?> ReadAsync(HttpRequest request, long maxBytes, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            errors.Add("$", $"the body is {declared} bytes; the limit is {maxBytes}.");
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.WrittenCount + read > maxBytes)
            {
                errors.Add("$", $"the body is larger than the limit of {maxBytes} bytes.");
                return null;
            }

            buffer.Write(chunk.AsSpan(0, read));
        }

        if (buffer.WrittenCount == 0)
        {
            errors.Add("$", "the body is empty; a JSON object is required.");
            return null;
        }

        try
        {
            return JsonDocument.Parse(buffer.WrittenMemory, DocumentOptions);
        }
        catch (JsonException e)
        {
            errors.Add("$", $"the body is not valid JSON: {e.Message}");
            return null;
        }
    }
}
