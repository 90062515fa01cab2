using System.Buffers;
using System.Text.Json;

namespace XiP.Gateway.Validation;

/// <summary>Reads a request body as one JSON document, within a size limit.</summary>
public static class JsonBody
{
    // a body of unknown length (chunked) starts in a buffer this large and grows as it arrives
    private const int UnknownLengthCapacity = 4096;

    // the most a declared Content-Length reserves before the bytes arrive
    private const int FirstCapacity = 256 * 1024;

    /// <summary>The options of <see cref="Parse"/>'s documents.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { MaxDepth = 64 };

    /// <summary>The same as reader options, for a reader that must accept and refuse the same bodies as <see cref="Parse"/>.</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new() { MaxDepth = DocumentOptions.MaxDepth };

    /// <summary>The parsed body, or null with the problem recorded under "$".</summary>
    /// <exception cref="BadHttpRequestException">413: the body is over <paramref name="maxBytes"/>.</exception>
    public static async Task<JsonDocument?> ReadAsync(HttpRequest request, long maxBytes, ValidationErrors errors, CancellationToken cancellationToken) =>
        await ReadBytesAsync(request, maxBytes, errors, cancellationToken) is { } body ? Parse(body, errors) : null;

    /// <summary>The body's bytes, or null with the problem recorded under "$" (empty, not text).</summary>
    /// <exception cref="BadHttpRequestException">413: the body is over <paramref name="maxBytes"/>.</exception>
    public static async Task<ReadOnlyMemory<byte>?> ReadBytesAsync(HttpRequest request, long maxBytes, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            throw BodyTooLarge.Declared(declared, maxBytes);
        }

        // The body is copied out of the request pipe as it arrives (a pipe holding a whole large body
        // unconsumed would stop reading the socket). A small body costs one array of its own size; a declared
        // length is believed only up to FirstCapacity, so a client that declares 60 MB and sends nothing costs nothing.
        var body = new ArrayBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? UnknownLengthCapacity, 1, FirstCapacity));
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (body.WrittenCount + buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                throw BodyTooLarge.Counted(maxBytes);
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

        return JsonText.Check(body.WrittenSpan, string.Empty, errors) ? body.WrittenMemory : (ReadOnlyMemory<byte>?)null;
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
