using System.Text.Json.Nodes;

namespace XiP.Cli.Tests;

/// <summary>Small request bodies in the contract's shapes: a few dozen trades of three products on one snapshot.</summary>
internal static class TestData
{
    public static JsonObject MarketData() => Requests.MarketData();

    public static JsonObject ScenarioSet() => new()
    {
        ["scenarios"] = new JsonArray(
            new JsonObject { ["id"] = "rates+25", ["shifts"] = new JsonArray(new JsonObject { ["target"] = "curve:*", ["kind"] = "parallel", ["amount"] = 25 }) },
            new JsonObject
            {
                ["id"] = "crash",
                ["shifts"] = new JsonArray(
                    new JsonObject { ["target"] = "equity:*", ["kind"] = "spotRelative", ["amount"] = -0.2 },
                    new JsonObject { ["target"] = "equity:*", ["kind"] = "volAbsolute", ["amount"] = 0.1 }),
            }),
    };

    /// <summary><paramref name="count"/> trades of <paramref name="book"/>: options, swaps and bonds in turn, each a little different.</summary>
    public static List<JsonObject> Trades(string book, int count) =>
        [.. Enumerable.Range(0, count).Select(i => (i % 3) switch
        {
            0 => new JsonObject
            {
                ["id"] = $"{book}-t{i:D3}", ["book"] = book, ["type"] = "europeanOption", ["underlying"] = "ACME", ["optionType"] = i % 2 == 0 ? "call" : "put",
                ["strike"] = 100.0 + i, ["expiry"] = "2029-11-23", ["quantity"] = 1, ["discountCurve"] = "USD-FLAT",
            },
            1 => new JsonObject
            {
                ["id"] = $"{book}-t{i:D3}", ["book"] = book, ["type"] = "interestRateSwap", ["notional"] = 10000000, ["fixedRate"] = 0.03 + i * 1e-5,
                ["startDate"] = "2025-07-15", ["maturityDate"] = "2040-07-15", ["direction"] = "payFixed",
                ["fixedFrequency"] = "annual", ["floatFrequency"] = "quarterly", ["curve"] = "USD-SOFR",
            },
            _ => new JsonObject
            {
                ["id"] = $"{book}-t{i:D3}", ["book"] = book, ["type"] = "fixedRateBond", ["faceValue"] = 100, ["couponRate"] = 0.01 + i * 1e-5,
                ["frequency"] = "annual", ["issueDate"] = "2022-01-08", ["maturityDate"] = "2042-01-08", ["curve"] = "USD-SOFR",
            },
        })];

    public static JsonObject PriceRequest(IEnumerable<JsonObject> trades, params string[] measures) => new()
    {
        ["marketData"] = MarketData(),
        ["trades"] = new JsonArray([.. trades]),
        ["measures"] = new JsonArray([.. measures.Select(m => (JsonNode)m)]),
    };

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}

/// <summary>A file under the temp directory, removed with the test.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string extension, string content)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"xip-cli-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
