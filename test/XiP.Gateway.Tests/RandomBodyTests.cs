using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace XiP.Gateway.Tests;

/// <summary>
/// Valid bodies of every storing and pricing endpoint, mutated at random (values of another type, out of range, odd
/// Unicode and half surrogate pairs, missing, extra and repeated members, longer lists): no answer is a 5xx, every
/// refusal is problem+json, and a refused store keeps nothing.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RandomBodyTests(GatewayFixture fixture)
{
    // a string that the text-level step turns into half a surrogate pair, which JsonNode cannot hold
    private const string LoneMarker = "ZZLONEZZ";

    private static readonly string[] OddText =
    [
        "", " ", "\t", "\u0000", "\n", "\u001b[2J", "\u0085", "\u202e", "\u200d", "\ufeff", "\U0001F600", "e\u0301", "\u00df", "ǅ",
        new string('x', 201), new string('y', 20_000), "9999-12-31", "0001-01-01", "2024-02-30", "2024-1-5", "1e309", "NaN", "-0",
        "0Y", "99999999Y", "-1M", "3m", "curve:", "equity:*", "curve:*", "pv", "PV", "linearZero", "call", "europeanOption", LoneMarker,
    ];

    private static readonly string[] OddNames = ["extra", "id", "ID", "type", "", " ", "\u0000", "__proto__", "quantity", "$ref", LoneMarker];

    private static readonly Gen<JsonNode?> Values = Gen.Frequency(
        (3, Gen.Int[0, OddText.Length - 1].Select(i => (JsonNode?)JsonValue.Create(OddText[i]))),
        (2, Gen.OneOf(0.0, -1.0, 1e-320, 1e12 + 1, 1e15 + 1, 1e300, -1e300, double.MaxValue, 0.5, 2.0, 100.0).Select(d => (JsonNode?)JsonValue.Create(d))),
        (2, Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d))),
        (1, Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const(() => (JsonNode?)null)),
        (1, Gen.Const(() => (JsonNode?)new JsonObject())),
        (1, Gen.Const(() => (JsonNode?)new JsonArray())),
        (1, Gen.Const(() => (JsonNode?)new JsonArray(1, "a", null))));

    private static readonly Gen<Mutation> Mutations =
        Gen.Select(Gen.Int[0, 4], Gen.Int.NonNegative, Values, Gen.Int[0, OddNames.Length - 1], (kind, target, value, name) => new Mutation(kind, target, value, OddNames[name]));

    [Fact]
    public async Task No_mutated_body_is_answered_with_a_5xx_and_no_refused_store_keeps_anything()
    {
        await Gen.Select(Gen.Int[0, Endpoints.Length - 1], Mutations.Array[1, 3]).SampleAsync(
            async (endpoint, mutations) =>
            {
                var (method, route, body) = Endpoints[endpoint];
                var id = "random-" + Guid.NewGuid().ToString("N")[..16];
                var node = body(id);
                foreach (var mutation in mutations)
                {
                    node = mutation.Apply(node);
                }

                var text = (node?.ToJsonString() ?? "null").Replace(LoneMarker, "\\udc00", StringComparison.Ordinal);
                var path = route.Replace("{id}", id, StringComparison.Ordinal);
                using var response = await fixture.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(text, Encoding.UTF8, "application/json") });
                var answer = await response.Content.ReadAsStringAsync();

                Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode} to {Shorten(text)}: {Shorten(answer)}");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                if (method == "PUT")
                {
                    using var read = await fixture.Client.GetAsync(path);
                    Assert.True(read.StatusCode == HttpStatusCode.NotFound, $"{path} was refused with {(int)response.StatusCode} yet something was stored: {Shorten(text)}");
                }
            },
            iter: 400,
            threads: 1,
            print: t => $"endpoint {Endpoints[t.Item1].Route}, mutations [{string.Join(", ", t.Item2.Select(m => m.ToString()))}]");
    }

    private static readonly (string Method, string Route, Func<string, JsonNode> Body)[] Endpoints =
    [
        ("PUT", "/v1/trades/{id}", id => WithId(Requests.European(), id)),
        ("PUT", "/v1/trades/{id}", id => WithId(Requests.Asian(), id)),
        ("PUT", "/v1/trades/{id}", id => WithId(Requests.Swap(), id)),
        ("PUT", "/v1/trades/{id}", id => WithId(Requests.Bond(), id)),
        ("PUT", "/v1/market-data/{id}", _ => Requests.MarketData()),
        ("PUT", "/v1/scenario-sets/{id}", _ => JsonNode.Parse("""
            { "scenarios": [ { "id": "up", "shifts": [ { "target": "curve:*", "kind": "parallel", "amount": 1 },
                                                     { "target": "curve:USD-SOFR", "kind": "pillar", "amount": 2, "date": "2025-01-15" },
                                                     { "target": "equity:ACME", "kind": "spotRelative", "amount": 0.01 } ] } ],
              "generate": { "count": 3, "seed": 7, "curveParallelBpStdDev": 5, "spotRelativeStdDev": 0.01 } }
            """)!),
        ("POST", "/v1/price", _ => Requests.Price()),
        ("POST", "/v1/curves/calibrate", _ => new JsonObject
        {
            ["valuationDate"] = "2024-01-15", ["curve"] = Requests.MarketData()["curves"]!["EUR-ESTR"]!.DeepClone(), ["dates"] = new JsonArray("2025-01-15", "2030-06-30"),
        }),
    ];

    private static JsonObject WithId(JsonObject trade, string id)
    {
        trade["id"] = id;
        return trade;
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";

    /// <summary>One change to a body; <see cref="Target"/> picks the node (in document order) it applies to.</summary>
    private sealed record Mutation(int Kind, int Target, JsonNode? Value, string Name)
    {
        public JsonNode? Apply(JsonNode? root)
        {
            if (root is null)
            {
                return Value?.DeepClone();
            }

            var nodes = new List<JsonNode>();
            Collect(root, nodes);
            var node = nodes[Target % nodes.Count];
            switch (Kind)
            {
                case 0 when node.Parent is JsonObject parent:
                    parent[node.GetPropertyName()] = Value?.DeepClone();
                    break;
                case 0 when node.Parent is JsonArray list:
                    list[node.GetElementIndex()] = Value?.DeepClone();
                    break;
                case 0:
                    return Value?.DeepClone();
                case 1 when node.Parent is JsonObject parent:
                    parent.Remove(node.GetPropertyName());
                    break;
                case 2 when node is JsonObject target:
                    target[Name] = Value?.DeepClone();
                    break;
                case 3 when node.Parent is JsonObject parent && node.GetValueKind() == JsonValueKind.String:
                    parent[node.GetPropertyName()] = node.GetValue<string>() + LoneMarker;
                    break;
                case 4 when node is JsonArray list && list.Count > 0:
                    list.Add(list[Target % list.Count]?.DeepClone());
                    break;
            }

            return root;
        }

        public override string ToString() => $"{Kind}@{Target}:{Value?.ToJsonString() ?? "null"}/{Name}";

        private static void Collect(JsonNode node, List<JsonNode> nodes)
        {
            nodes.Add(node);
            IEnumerable<JsonNode?> children = node switch
            {
                JsonObject o => o.Select(p => p.Value),
                JsonArray a => a,
                _ => [],
            };
            foreach (var child in children)
            {
                if (child is not null)
                {
                    Collect(child, nodes);
                }
            }
        }
    }
}
