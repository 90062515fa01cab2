using System.Text.Json;
using XiP.Abstractions.Results;
using XiP.Gateway.Json;

namespace XiP.Gateway.Apis;

/// <summary>
/// A page of results written straight from its columns as the contract's JSON:
/// <c>{ "items": [ { "tradeId", "book", "measure", "values", "error", "tradeVersion" } ], "nextCursor" }</c>,
/// without an object per record.
/// </summary>
public sealed class ResultPageJson(ResultPageData page) : IResult
{
    private static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText TradeId = JsonEncodedText.Encode("tradeId");
    private static readonly JsonEncodedText Book = JsonEncodedText.Encode("book");
    private static readonly JsonEncodedText Measure = JsonEncodedText.Encode("measure");
    private static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText TradeVersion = JsonEncodedText.Encode("tradeVersion");
    private static readonly JsonEncodedText NextCursor = JsonEncodedText.Encode("nextCursor");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteStartArray(Items);
        for (var r = 0; r < page.Count; r++)
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

            // hand what is written to the response as the page is built, not all at the end
            if (writer.BytesPending > 64 * 1024)
            {
                await writer.FlushAsync(httpContext.RequestAborted);
            }
        }

        writer.WriteEndArray();
        if (page.NextCursor is { } cursor)
        {
            writer.WriteString(NextCursor, cursor);
        }
        else
        {
            writer.WriteNull(NextCursor);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
