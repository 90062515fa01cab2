using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using XiP.Abstractions.Pricing;

namespace XiP.Gateway.Apis;

/// <summary>
/// <c>200</c> with a <see cref="PriceResponse"/>, written member by member: the text the serializer writes
/// for it (the same names and order, the host's encoder, doubles in their shortest round-trip form), without
/// its per-type metadata walk over lists and dictionaries. An answer of a few trades is written whole and sent
/// with its Content-Length; a larger one streams into the response pipe as it is written.
/// </summary>
public sealed class PriceResult(PriceResponse response, JsonWriterOptions options) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<PriceResponse>, IEndpointMetadataProvider
{
    private const string ContentType = "application/json; charset=utf-8";

    // a large response goes out in pieces of about this size rather than piling up in the pipe
    private const int FlushBytes = 64 * 1024;

    // up to this many trades an answer is written whole and sent with its length (tens of kilobytes at most)
    private const int WholeTrades = 64;

    // a thread keeps its buffer unless an answer of unusually long error messages grew it past this
    private const int MaxKeptBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private static readonly JsonEncodedText Results = JsonEncodedText.Encode("results");
    private static readonly JsonEncodedText TradeId = JsonEncodedText.Encode("tradeId");
    private static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText Errors = JsonEncodedText.Encode("errors");

    public int? StatusCode => StatusCodes.Status200OK;

    public PriceResponse Value => response;

    object? IValueHttpResult.Value => response;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(PriceResponse), ["application/json"]));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext.Response;
        http.StatusCode = StatusCodes.Status200OK;
        http.ContentType = ContentType;
        return response.Results.Count <= WholeTrades ? WriteWholeAsync(http) : WriteStreamedAsync(httpContext);
    }

    // a small answer is written out first and sent with its length: no chunk framing for the server to add or the client to undo
    private async Task WriteWholeAsync(HttpResponse http)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(Results);
            foreach (var result in response.Results)
            {
                Write(writer, result);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        http.ContentLength = buffer.WrittenCount;
        // copied into the pipe here, before any await, so the thread's buffer is free again for its next answer
        var body = http.BodyWriter;
        buffer.WrittenSpan.CopyTo(body.GetSpan(buffer.WrittenCount));
        body.Advance(buffer.WrittenCount);
        if (buffer.Capacity > MaxKeptBufferBytes)
        {
            t_buffer = null;
        }

        await body.FlushAsync(http.HttpContext.RequestAborted);
    }

    private async Task WriteStreamedAsync(HttpContext httpContext)
    {
        var body = httpContext.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, options);
        var sent = 0L;
        writer.WriteStartObject();
        writer.WriteStartArray(Results);
        foreach (var result in response.Results)
        {
            Write(writer, result);
            if (writer.BytesCommitted + writer.BytesPending - sent >= FlushBytes)
            {
                writer.Flush();
                sent = writer.BytesCommitted;
                await body.FlushAsync(httpContext.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.Flush();
    }

    private static void Write(Utf8JsonWriter writer, TradeResult result)
    {
        writer.WriteStartObject();
        writer.WriteString(TradeId, result.TradeId);
        writer.WriteStartObject(Values);
        foreach (var (measure, value) in result.Values)
        {
            writer.WriteNumber(measure, value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject(Errors);
        foreach (var (measure, error) in result.Errors)
        {
            writer.WriteString(measure, error);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
