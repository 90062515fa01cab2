using System.Buffers;
using System.Text.Json;

namespace XiP.Gateway.Validation;

/// <summary>Reads a request body as one JSON document, within a size limit.</summary>
public static class JsonBody
{
    // a body of unknown length (chunked) starts in a buffer this large and grows as it arrives
    private const int UnknownLengthCapacity = 4096;

    /// <summary>The options of <see cref="Parse"/>'s documents.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { MaxDepth = 64 };

    /// <summary>The same as reader options, for a reader that must accept and refuse the same bodies as <see cref="Parse"/>.</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new() { MaxDepth = DocumentOptions.MaxDepth };

    /// <summary>The parsed body, or null with the problem recorded under "$".</summary>
    public static async Task<JsonDocument?> ReadAsync(HttpRequest request, long maxBytes, ValidationErrors errors, CancellationToken cancellationToken) =>
        await ReadBytesAsync(request, maxBytes, errors, cancellationToken) is { } body ? Parse(body, errors) : null;

    /// <summary>The body's bytes, or null with the problem recorded under "$" (too large, empty).</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadBytesAsync(HttpRequest request, long maxBytes, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            errors.Add("$", $"the body is {declared} bytes; the limit is {maxBytes}.");
            return null;
        }

        // The body is copied out of the request pipe as it arrives (a pipe holding a whole large body
        // unconsumed would stop reading the socket), into one buffer sized by Content-Length when given:
        // no per-request scratch buffer, and a small body costs one array of its own size.
        var body = new ArrayBufferWriter<byte>((int)Math.Max(1, request.ContentLength ?? UnknownLengthCapacity));
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (body.WrittenCount + buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                errors.Add("$", $"the body is larger than the limit of {maxBytes} bytes.");
                return null;
            }

            foreach (var segment in buffer)
            {
                body.Write(segment.Span);
            }

            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        if (body.WrittenCount == 0)
        {
            errors.Add("$", "the body is empty; a JSON object is required.");
            return null;
        }

        return body.WrittenMemory;
    }

    /// <summary>The body as one document over <paramref name="body"/> (not copied), or null with the problem recorded under "$".</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> body, ValidationErrors errors)
    {
        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            errors.Add("$", $"the body is not valid JSON: {e.Message}");
            return null;
        }
    }
}
