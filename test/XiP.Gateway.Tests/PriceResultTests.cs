using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using XiP.Abstractions.Pricing;
using XiP.Contracts;
using XiP.Gateway.Apis;
using Rest = XiP.Contracts.Pricing;

namespace XiP.Gateway.Tests;

/// <summary>
/// The hand-written price answer is the serializer's text to the byte, whether written whole with its length (a few
/// trades) or streamed (many), with odd trade ids, awkward doubles and error messages.
/// </summary>
public sealed class PriceResultTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    [InlineData(3000, false)]
    public async Task The_answer_is_the_serializers_text_and_carries_its_length_when_small(int trades, bool whole)
    {
        double[] values = [0.1 + 0.2, -0.0, double.Epsilon, 1e308, -123456.789e-300, 10.551794647470281];
        var results = Enumerable.Range(0, trades).Select(i => new TradeResult(
            i % 3 == 0 ? $"t-{i}-\u00e9\u4e2d\U0001F600\"<>&'" : $"t{i}",
            new Dictionary<string, double> { ["pv"] = values[i % values.Length], ["delta"] = values[(i + 1) % values.Length] },
            i % 2 == 0 ? new Dictionary<string, string> { ["pv01"] = "pv01 does not apply to a europeanOption \u2014 \"quoted\"" } : [])).ToList();
        var options = ContractJson.Options;
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await new PriceResult(new PriceResponse(results), new JsonWriterOptions { Encoder = options.Encoder }).ExecuteAsync(context);
        await context.Response.BodyWriter.CompleteAsync();

        var expected = JsonSerializer.Serialize(new Rest.PriceResponse(results.ConvertAll(r => new Rest.TradeResult(r.TradeId, r.Values, r.Errors))), options);
        Assert.Equal(expected, Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal(whole ? body.Length : null, context.Response.ContentLength);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
    }
}
