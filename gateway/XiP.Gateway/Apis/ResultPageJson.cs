using System.Buffers;
using System.Text.Json;
using XiP.Abstractions.Results;
using XiP.Gateway.Json;

namespace XiP.Gateway.Apis;

/// <summary>
/// A page of results written straight from its columns as the contract's JSON:
/// <c>{ "items": [ { "tradeId", "book", "measure", "values", "error", "tradeVersion" } ], "nextCursor" }</c>,
/// without an object per record. A large page is formatted in parts on every core (each part a run of whole
/// records), then written out in order.
/// </summary>
public sealed class ResultPageJson(ResultPageData page) : IResult
{
    // Below this many records a page is one part: splitting would cost more than it saves.
    private const int RecordsPerPart = 1024;

    private static readonly JsonEncodedText TradeId = JsonEncodedText.Encode("tradeId");
    private static readonly JsonEncodedText Book = JsonEncodedText.Encode("book");
    private static readonly JsonEncodedText Measure = JsonEncodedText.Encode("measure");
    private static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText TradeVersion = JsonEncodedText.Encode("tradeVersion");
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var parts = Math.Clamp(page.Count / RecordsPerPart, 1, Environment.ProcessorCount);
        var buffers = new PooledBufferWriter[parts];
        var size = (page.Count + parts - 1) / parts;
        try
        {
            Parallel.For(0, parts, part => buffers[part] = Format(part * size, Math.Min(page.Count, (part + 1) * size)));
            await WriteAsync(httpContext, buffers);
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                buffer?.Dispose();
            }
        }
    }

    private async Task WriteAsync(HttpContext httpContext, PooledBufferWriter[] buffers)
    {
        var tail = new ArrayBufferWriter<byte>(256);
        tail.Write("],\"nextCursor\":"u8);
        using (var writer = new Utf8JsonWriter(tail, WriterOptions))
        {
            if (page.NextCursor is { } cursor)
            {
                writer.WriteStringValue(cursor);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        tail.Write("}"u8);

        // the whole page is formatted before its first byte goes out, so its length is known: a client then reads
        // the body in its own large buffers rather than chunk by chunk
        var head = "{\"items\":["u8;
        long length = head.Length + tail.WrittenCount;
        var nonEmpty = 0;
        foreach (var buffer in buffers)
        {
            // each part is "[record,record,…]": its brackets go, commas join the parts
            var records = buffer.WrittenCount - 2;
            if (records > 0)
            {
                length += records + (nonEmpty++ > 0 ? 1 : 0);
            }
        }

        var response = httpContext.Response;
        response.ContentLength = length;
        var body = response.BodyWriter;
        body.Write(head);
        var written = 0;
        foreach (var buffer in buffers)
        {
            var records = buffer.WrittenSpan[1..^1];
            if (records.Length == 0)
            {
                continue;
            }

            if (written++ > 0)
            {
                body.Write(","u8);
            }

            body.Write(records);
            await body.FlushAsync(httpContext.RequestAborted);
        }

        body.Write(tail.WrittenSpan);
        await body.FlushAsync(httpContext.RequestAborted);
    }

    private PooledBufferWriter Format(int from, int to)
    {
        var buffer = new PooledBufferWriter((to - from) * (64 + page.Markets * 20));
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        writer.WriteStartArray();
        for (var r = from; r < to; r++)
        {
            writer.WriteStartObject();
            writer.WriteString(TradeId, page.TradeIds[r]);
            writer.WriteString(Book, page.Books[r]);
            writer.WriteString(Measure, page.Measures[r]);
            if (page.Errors[r] is { } error)
            {
                writer.WriteNull(Values);
                writer.WriteString(Error, error);
            }
            else
            {
                // values are finite (a value that is not is its trade's error), in the shortest text that reads back to the same bits
                writer.WritePropertyName(Values);
                ShortestDouble.WriteArray(writer, page.ValuesOf(r));
                writer.WriteNull(Error);
            }

            writer.WriteNumber(TradeVersion, page.TradeVersions[r]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();
        return buffer;
    }
}
