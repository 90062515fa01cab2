using System.Buffers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using XiP.Abstractions.Trades;
using XiP.Gateway.Apis;

namespace XiP.Gateway.Validation;

/// <summary>
/// Reads the body of <c>POST /v1/trades</c>: a JSON array of trades, or NDJSON (one trade object per line).
/// Both are parsed one trade at a time in a single pass over the body, so the cost grows linearly with it.
/// </summary>
/// <remarks>
/// NDJSON is assumed when the content type says so (<c>application/x-ndjson</c>, <c>application/jsonl</c>,
/// …) or when the body's first non-blank character is not <c>[</c>. Either way a bad field is reported at
/// <c>[i].field</c>, i being the trade's position in the request (blank NDJSON lines do not count); for NDJSON
/// each message starts with the line it was found on.
/// </remarks>
public static class TradeBatchReader
{
    private static readonly JsonDocumentOptions LineOptions = new() { MaxDepth = 64 };
    private static readonly JsonReaderOptions ArrayOptions = new() { MaxDepth = 64 };
    private static readonly string[] NdjsonMediaTypes = ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"];

    /// <summary>Every trade of the body, validated; null when anything is wrong (then <paramref name="errors"/> says what).</summary>
    public static async Task<List<TradeSpec>?> ReadAsync(HttpRequest request, long maxBytes, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var body = await ReadBytesAsync(request, maxBytes, errors, cancellationToken);
        return body is { } bytes ? Read(bytes, IsNdjsonMediaType(request.ContentType), errors) : null;
    }

    /// <summary>The trades of <paramref name="body"/>; NDJSON when <paramref name="ndjson"/> or when the body does not start with '['.</summary>
    public static List<TradeSpec>? Read(ReadOnlyMemory<byte> body, bool ndjson, ValidationErrors errors)
    {
        var span = body.Span;
        if (span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
            span = body.Span;
        }

        var start = span.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
        {
            errors.Add("$", "the body is empty; a JSON array of trades or NDJSON (one trade per line) is required.");
            return null;
        }

        var batch = new Batch(errors);
        if (ndjson || span[start] != (byte)'[')
        {
            ReadLines(body, batch);
        }
        else if (!ReadArray(span, batch))
        {
            return null;
        }

        if (batch.Count == 0 && !errors.Any)
        {
            errors.Add("$", "holds no trades; at least one is required.");
        }

        return errors.Any ? null : batch.Trades;
    }

    public static bool IsNdjsonMediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && NdjsonMediaTypes.Any(t => string.Equals(parsed.MediaType.Value, t, StringComparison.OrdinalIgnoreCase));

    private static async Task<ReadOnlyMemory<byte>?> ReadBytesAsync(HttpRequest request, long maxBytes, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            errors.Add("$", $"the body is {declared} bytes; the limit is {maxBytes}.");
            return null;
        }

        const int ChunkSize = 64 * 1024;
        // Room for the declared length plus the final, empty read: the buffer never has to grow then.
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min((request.ContentLength ?? 0) + ChunkSize, Array.MaxLength));
        int read;
        while ((read = await request.Body.ReadAsync(buffer.GetMemory(ChunkSize), cancellationToken)) > 0)
        {
            if (buffer.WrittenCount + (long)read > maxBytes)
            {
                errors.Add("$", $"the body is larger than the limit of {maxBytes} bytes.");
                return null;
            }

            buffer.Advance(read);
        }

        return buffer.WrittenMemory;
    }

    private static bool ReadArray(ReadOnlySpan<byte> body, Batch batch)
    {
        var reader = new Utf8JsonReader(body, ArrayOptions);
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                using var trade = JsonDocument.ParseValue(ref reader);
                batch.Add(trade.RootElement, line: null);
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                batch.Errors.Add("$", "the body is not valid JSON: the array is not closed.");
                return false;
            }

            // Anything but blanks after the array fails here.
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException e)
        {
            batch.Errors.Add("$", $"the body is not valid JSON: {e.Message}");
            return false;
        }
    }

    private static void ReadLines(ReadOnlyMemory<byte> body, Batch batch)
    {
        var position = 0;
        var lineNumber = 0;
        while (position < body.Length)
        {
            var rest = body.Span[position..];
            var end = rest.IndexOf((byte)'\n');
            var length = end < 0 ? rest.Length : end;
            var line = body.Slice(position, length);
            position += end < 0 ? length : length + 1;
            lineNumber++;

            var first = line.Span.IndexOfAnyExcept(" \t\r"u8);
            if (first < 0)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line, LineOptions);
            }
            catch (JsonException e)
            {
                batch.Errors.Add(ValidationErrors.Element(string.Empty, batch.Count), $"line {lineNumber}: not valid JSON: {e.Message}");
                batch.Skip();
                continue;
            }

            using (document)
            {
                batch.Add(document.RootElement, lineNumber);
            }
        }
    }

    /// <summary>The trades read so far, the position of each id, and the errors.</summary>
    private sealed class Batch(ValidationErrors errors)
    {
        private readonly Dictionary<string, (int Index, int? Line)> _firstById = new(StringComparer.Ordinal);

        public ValidationErrors Errors { get; } = errors;

        public List<TradeSpec> Trades { get; } = [];

        /// <summary>How many trades the body held so far, valid or not.</summary>
        public int Count { get; private set; }

        public void Skip() => Count++;

        public void Add(JsonElement element, int? line)
        {
            var index = Count++;
            // Each trade is checked into errors of its own, so that its id counts only when the trade is valid
            // and NDJSON messages can name their line.
            var own = new ValidationErrors();
            if (JsonObjectReader.Open(element, ValidationErrors.Element(string.Empty, index), own) is { } reader
                && TradeReader.Read(reader, market: null) is { } trade)
            {
                if (ResourceIds.Problem(trade.Id) is { } problem)
                {
                    own.Add(reader.PathOf("id"), problem);
                }
                else if (_firstById.TryGetValue(trade.Id, out var first))
                {
                    own.Add(reader.PathOf("id"), first.Line is { } firstLine ? $"repeats the id of the trade on line {firstLine}." : $"repeats the id of [{first.Index}].");
                }
                else if (!own.Any)
                {
                    _firstById[trade.Id] = (index, line);
                    Trades.Add(trade);
                }
            }

            if (!own.Any)
            {
                return;
            }

            foreach (var (path, messages) in own.ToDictionary())
            {
                foreach (var message in messages)
                {
                    Errors.Add(path, line is null ? message : $"line {line}: {message}");
                }
            }
        }
    }
}
