using System.Text.Json;
using XiP.Client;
using XiP.Contracts;
using XiP.Contracts.Results;

namespace XiP.Cli.Output;

/// <summary>Writes results as they arrive, one page in memory at a time.</summary>
internal static class ResultsWriter
{
    /// <summary>
    /// One row per (trade, measure): <c>tradeId,book,measure,tradeVersion,base,s1..sN,error</c>; values of a failed trade
    /// are empty and its error says why. Returns the number of rows.
    /// </summary>
    public static async Task<int> WriteCsvAsync(TextWriter writer, IAsyncEnumerable<ResultItem> results, int markets, CancellationToken cancellationToken)
    {
        var header = new List<string> { "tradeId", "book", "measure", "tradeVersion", "base" };
        header.AddRange(Enumerable.Range(1, markets - 1).Select(k => $"s{k}"));
        header.Add("error");
        await writer.WriteLineAsync(string.Join(',', header));

        var count = 0;
        var row = new List<string>(header.Count);
        await foreach (var result in results.WithCancellation(cancellationToken))
        {
            row.Clear();
            row.Add(Field(result.TradeId));
            row.Add(Field(result.Book));
            row.Add(Field(result.Measure));
            row.Add(result.TradeVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var k = 0; k < markets; k++)
            {
                row.Add(result.Values is { } values && k < values.Length ? Numbers.RoundTrip(values[k]) : string.Empty);
            }

            row.Add(Field(result.Error ?? string.Empty));
            await writer.WriteLineAsync(string.Join(',', row));
            count++;
        }

        return count;
    }

    /// <summary>A JSON array with one result object per line, in the gateway's result shape. Returns the number of results.</summary>
    public static async Task<int> WriteJsonAsync(TextWriter writer, IAsyncEnumerable<ResultItem> results, CancellationToken cancellationToken)
    {
        var count = 0;
        await writer.WriteAsync('[');
        await foreach (var result in results.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(count == 0 ? "\n" : ",\n");
            await writer.WriteAsync(JsonSerializer.Serialize(result, ContractJson.Options));
            count++;
        }

        await writer.WriteLineAsync(count == 0 ? "]" : "\n]");
        return count;
    }

    // RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
