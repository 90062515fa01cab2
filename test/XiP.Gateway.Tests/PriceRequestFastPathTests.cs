using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Contracts;
using XiP.Gateway.Validation;

namespace XiP.Gateway.Tests;

/// <summary>
/// The one-pass reader of price requests against the reader that names every problem: whatever body the
/// fast path accepts, the full reader accepts too and builds the same request from it, to the bit; and the
/// plain bodies clients send are taken by the fast path.
/// </summary>
public sealed class PriceRequestFastPathTests
{
    private const int MaxTrades = 1000;
    private const string StoredId = "md-1";

    private static readonly MarketDataSpec Stored = PriceRequestFastPath.TryReadMarket(Encoding.UTF8.GetBytes(Requests.MarketData().ToJsonString()))!;

    public static TheoryData<string> PlainBodies() =>
    [
        Requests.Price(Requests.European()).ToJsonString(),
        Requests.Price().ToJsonString(),
        ByReference(Requests.Price(Requests.European(), Requests.Swap())).ToJsonString(),
        Requests.Price(Many(50)).ToJsonString(),
        Requests.Price(Requests.European()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
        """{"measures":["pv","PV","Delta"],"trades":[{"quantity":-2.5,"book":"b","discountCurve":"USD-FLAT","expiry":"2024-01-15","strike":1e2,"optionType":"put","underlying":"ACME","type":"europeanOption","id":"a\u0062c"}],"marketDataId":"md-1"}""",
    ];

    [Theory]
    [MemberData(nameof(PlainBodies))]
    public async Task APlainBodyTakesTheFastPathAndReadsAsTheFullReaderReadsIt(string body)
    {
        var (fast, slow) = await ReadBothAsync(body);

        Assert.NotNull(fast.Request);
        AssertSameRequest(body, fast, slow);
    }

    [Fact]
    public async Task EveryVariantOfAPlainBodyThatTheFastPathAcceptsReadsAsTheFullReaderReadsIt()
    {
        var variants = Variants().ToList();
        var taken = 0;
        var refused = 0;
        foreach (var body in variants)
        {
            var (fast, slow) = await ReadBothAsync(body);
            if (fast.Request is null)
            {
                refused++;
                continue;
            }

            taken++;
            AssertSameRequest(body, fast, slow);
        }

        // both ways are exercised: many variants are still plain, many are not
        Assert.True(taken > 50, $"{taken} of {variants.Count} variants taken");
        Assert.True(refused > 50, $"{refused} of {variants.Count} variants refused");
    }

    [Fact]
    public void NumbersParseAsTheDocumentParsesThem()
    {
        var random = new Random(20240115);
        var texts = new List<string>
        {
            "0", "-0", "0.0", "-0.0", "1", "1e400", "-1e400", "1e-400", "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "0.1", "0.30000000000000004", "123456789012345678901234567890",
            "1E5", "1e+5", "1.5E-5", "0.000000000000000000000000000001", "9007199254740993", "127.20000000000001", "17.260583628738317",
        };
        for (var i = 0; i < 20_000; i++)
        {
            var mantissa = random.Next(4) switch
            {
                0 => random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                1 => random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                2 => BitConverter.Int64BitsToDouble(random.NextInt64()).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                _ => random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            texts.Add(random.Next(3) == 0 && !mantissa.Contains('E', StringComparison.Ordinal) ? $"{mantissa}e{random.Next(-330, 330)}" : mantissa);
        }

        foreach (var text in texts.Where(t => !t.Contains("NaN", StringComparison.Ordinal) && !t.Contains('∞', StringComparison.Ordinal)))
        {
            var json = Encoding.UTF8.GetBytes(text);
            using var document = JsonDocument.Parse(json);
            var reader = new Utf8JsonReader(json);
            reader.Read();
            var fromDocument = document.RootElement.TryGetDouble(out var a);
            var fromReader = reader.TryGetDouble(out var b);
            Assert.Equal(fromDocument, fromReader);
            Assert.True(BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b), text);
        }
    }

    private static async Task<((PriceRequest? Request, bool Inline) Fast, (PriceRequest? Request, bool Inline) Slow)> ReadBothAsync(string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var fast = await PriceRequestFastPath.TryReadAsync(body, MaxTrades, PriceRequestFastPath.TryReadMarket, LoadAsync);

        var errors = new ValidationErrors();
        using var document = JsonBody.Parse(body, errors);
        var slow = document is null ? null : await PriceRequestReader.ReadAsync(document.RootElement, MaxTrades, LoadAsync, errors);
        var inline = document is not null && document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("marketData", out _);
        return (fast, (slow, inline));
    }

    private static void AssertSameRequest(string body, (PriceRequest? Request, bool Inline) fast, (PriceRequest? Request, bool Inline) slow)
    {
        Assert.True(slow.Request is not null, $"the fast path took a body the full reader refuses: {body}");
        Assert.Equal(slow.Inline, fast.Inline);

        // the wire form writes every field, doubles in their round-trip form (so -0 and 0 differ), trades with their type
        Assert.Equal(JsonSerializer.Serialize(slow.Request, ContractJson.Options), JsonSerializer.Serialize(fast.Request, ContractJson.Options));
    }

    private static Task<MarketDataSpec?> LoadAsync(string id) => Task.FromResult(id == StoredId ? Stored : null);

    private static JsonObject ByReference(JsonObject body)
    {
        body.Remove("marketData");
        body["marketDataId"] = StoredId;
        return body;
    }

    private static JsonObject[] Many(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var trade = (i % 4) switch { 0 => Requests.European(), 1 => Requests.Asian(), 2 => Requests.Swap(), _ => Requests.Bond() };
        trade["id"] = $"t-{i}";
        return trade;
    }).ToArray();

    // Each plain body changed in one place: a member renamed, removed, repeated, nulled or retyped; a value
    // out of range, at an edge, or written another way; the JSON itself broken.
    private static IEnumerable<string> Variants()
    {
        var bases = new[] { Requests.Price(Requests.European()), Requests.Price(Requests.European(), Requests.Swap()), ByReference(Requests.Price(Requests.European())) };
        var replacements = new JsonNode?[] { null, "", " ", "x", 0, -1, 0.0, 1e-320, 1e300, true, new JsonArray(), new JsonObject(), "2024-01-14", "2024-01-15", "2029-02-30", "call", "PUT", "USD-FLAT", "ACME", new string('x', 201) };
        foreach (var original in bases)
        {
            foreach (var path in Paths(original, string.Empty))
            {
                foreach (var replacement in replacements)
                {
                    var body = original.DeepClone().AsObject();
                    var (parent, key) = Locate(body, path);
                    if (parent is JsonObject o)
                    {
                        o[key] = replacement?.DeepClone();
                    }
                    else if (parent is JsonArray a)
                    {
                        a[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] = replacement?.DeepClone();
                    }

                    yield return body.ToJsonString();
                }

                if (Locate(original, path) is (JsonObject, var name))
                {
                    var removed = original.DeepClone().AsObject();
                    var (parent, _) = Locate(removed, path);
                    ((JsonObject)parent).Remove(name);
                    yield return removed.ToJsonString();

                    var text = original.ToJsonString();
                    var quoted = $"\"{name}\":";
                    yield return text.Replace(quoted, $"\"{name.ToUpperInvariant()}\":", StringComparison.Ordinal);
                    yield return text.Replace(quoted, $"\"{name}\":1,{quoted}", StringComparison.Ordinal);
                    yield return text.Replace(quoted, $"\"{name}x\":1,{quoted}", StringComparison.Ordinal);
                    yield return text.Replace(quoted, $"\"\\u{(int)name[0]:x4}{name[1..]}\":", StringComparison.Ordinal);
                }
            }

            var plain = original.ToJsonString();
            yield return plain + " ";
            yield return plain + " x";
            yield return plain + "{}";
            yield return plain.Replace(",", ", /* c */", StringComparison.Ordinal);
            yield return plain.Replace("]", ",]", StringComparison.Ordinal);
            yield return plain.Replace("127.2", "1.272e2", StringComparison.Ordinal);
            yield return plain.Replace("127.2", "127.20000000000000001", StringComparison.Ordinal);
            yield return plain.Replace("\"quantity\":1", "\"quantity\":-0", StringComparison.Ordinal);
            yield return plain[..^1];
        }
    }

    private static IEnumerable<string> Paths(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    var childPath = path + "/" + name;
                    yield return childPath;
                    foreach (var inner in child is null ? [] : Paths(child, childPath))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var childPath = path + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    yield return childPath;
                    foreach (var inner in a[i] is { } child ? Paths(child, childPath) : [])
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static (JsonNode Parent, string Key) Locate(JsonNode root, string path)
    {
        var steps = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var node = root;
        foreach (var step in steps[..^1])
        {
            node = node is JsonArray a ? a[int.Parse(step, System.Globalization.CultureInfo.InvariantCulture)]! : node[step]!;
        }

        return (node, steps[^1]);
    }
}
