using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using XiP.Abstractions.Pricing;

namespace XiP.Gateway.Apis;

/// <summary>
/// <c>200</c> with a <see cref="PriceResponse"/>, written member by member straight into the response
/// pipe: the text the serializer writes for it (the same names and order, the host's encoder, doubles
/// in their shortest round-trip form), without its per-type metadata walk over lists and dictionaries.
/// </summary>
public sealed class PriceResult(PriceResponse response, JsonWriterOptions options) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<PriceResponse>, IEndpointMetadataProvider
{
    private const string ContentType = "application/json; charset=utf-8";

    // a large response goes out in pieces of about this size rather than piling up in the pipe
    private const int FlushBytes = 64 * 1024;

    private static readonly JsonEncodedText Results = JsonEncodedText.Encode("results");
    private static readonly JsonEncodedText TradeId = JsonEncodedText.Encode("tradeId");
    private static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText Errors = JsonEncodedText.Encode("errors");

    public int? StatusCode => StatusCodes.Status200OK;

    public PriceResponse Value => response;

    object? IValueHttpResult.Value => response;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(PriceResponse), ["application/json"]));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext.Response;
        http.StatusCode = StatusCodes.Status200OK;
        http.ContentType = ContentType;
        var body = http.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, options);
        var sent = 0L;
        writer.WriteStartObject();
        writer.WriteStartArray(Results);
        foreach (var result in response.Results)
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
            if (writer.BytesCommitted + writer.BytesPending - sent >= FlushBytes)
            {
                writer.Flush();
                sent = writer.BytesCommitted;
                await body.FlushAsync(httpContext.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        // committed to the pipe, which the server sends when the request completes (a small response in one write)
        writer.Flush();
    }
}
