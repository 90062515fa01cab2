using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using XiP.Contracts;

namespace XiP.Gateway.Tests;

/// <summary>
/// The OpenAPI document and the request readers agree (issue 13): every example body of the REST contract
/// (../shared/API.md) and of the README is valid against the OpenAPI request schema of its endpoint and accepted by
/// the gateway, and a sample of bad bodies is refused by both, the gateway naming the bad field.
/// </summary>
/// <remarks>
/// The gateway runs with small configured limits (<see cref="MaxTradesPerPriceRequest"/>, <see cref="MaxTradesPerRun"/>)
/// so that over-long lists are cheap to send; the document states the configured limits, not copies of the defaults.
/// </remarks>
public sealed partial class ContractAgreementTests(ContractAgreementTests.Fixture fixture) : IClassFixture<ContractAgreementTests.Fixture>
{
    public const int MaxTradesPerPriceRequest = 2;
    public const int MaxTradesPerRun = 3;

    /// <summary>
    /// The endpoint of each JSON block of API.md, by the heading it stands under: the blocks show shapes, not requests.
    /// A trade is stored with <c>PUT /v1/trades/{tradeId}</c> (its own id in the route), and the block's trades together
    /// with <c>POST /v1/trades</c>; curl commands (the README's) say their own method and path.
    /// </summary>
    private static readonly Dictionary<string, (string Method, string Template)> EndpointByHeading = new(StringComparer.Ordinal)
    {
        ["Market data (inline or stored)"] = ("PUT", "/v1/market-data/{snapshotId}"),
        ["Trades"] = ("PUT", "/v1/trades/{tradeId}"),
        ["Scenarios"] = ("PUT", "/v1/scenario-sets/{id}"),
    };

    [Fact]
    public void The_documents_have_the_examples_this_test_expects()
    {
        var examples = fixture.Examples;

        // API.md: one market-data snapshot, four trades (and the four as one upload), one scenario set; README: one price request
        Assert.Equal(1, examples.Count(e => e.Source.StartsWith("API.md", StringComparison.Ordinal) && e.Template == "/v1/market-data/{snapshotId}"));
        Assert.Equal(TradeTypes.All.Count, examples.Count(e => e.Template == "/v1/trades/{tradeId}"));
        Assert.Single(examples, e => e.Template == "/v1/trades");
        Assert.Single(examples, e => e.Template == "/v1/scenario-sets/{id}");
        Assert.Single(examples, e => e.Source.StartsWith("README.md", StringComparison.Ordinal) && e.Template == "/v1/price");
        Assert.Equal(TradeTypes.All, examples.Where(e => e.Template == "/v1/trades/{tradeId}").Select(e => (string?)e.Body["type"]));
    }

    [Fact]
    public async Task Every_documented_example_is_valid_against_the_OpenAPI_schema_and_accepted_by_the_gateway()
    {
        Assert.NotEmpty(fixture.Examples);
        var disagreements = new List<string>();
        foreach (var example in fixture.Examples)
        {
            if (fixture.SchemaProblems(example.Method, example.Template, example.Body) is { Count: > 0 } problems)
            {
                disagreements.Add($"{example}: the OpenAPI schema refuses it: {string.Join("; ", problems)}");
            }

            using var response = await fixture.SendAsync(example.Method, example.Path, example.Body);
            if (!response.IsSuccessStatusCode)
            {
                disagreements.Add($"{example}: the gateway answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {fixture.Examples.Count} examples:\n{string.Join("\n", disagreements)}");
    }

    /// <summary>
    /// What the gateway shows of a stored resource is the contract's shape, spelled as the readers read it: stored
    /// under a fresh id, read back, it is valid against the request schema and storing it again changes nothing.
    /// </summary>
    [Fact]
    public async Task A_stored_example_read_back_is_valid_and_stores_again_unchanged()
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/v1/market-data/{snapshotId}"] = "marketData",
            ["/v1/trades/{tradeId}"] = "trade",
            ["/v1/scenario-sets/{id}"] = "scenarioSet",
        };
        var examples = fixture.Examples.Where(e => e.Method == "PUT" && members.ContainsKey(e.Template)).ToList();
        Assert.Equal(members.Keys.Order(), examples.Select(e => e.Template).Distinct().Order());
        var disagreements = new List<string>();
        foreach (var example in examples)
        {
            var path = example.Path + "-read-back";
            var body = example.Body.DeepClone();
            if (example.Template == "/v1/trades/{tradeId}")
            {
                body["id"] = path[(path.LastIndexOf('/') + 1)..];
            }

            using (var stored = await fixture.SendAsync("PUT", path, body))
            {
                Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
            }

            using var read = await fixture.Client.GetAsync(path);
            var resource = JsonNode.Parse(await read.Content.ReadAsStringAsync())![members[example.Template]]!;
            if (fixture.SchemaProblems("PUT", example.Template, resource) is { Count: > 0 } problems)
            {
                disagreements.Add($"{example}: the schema refuses what the gateway shows, {resource.ToJsonString()}: {string.Join("; ", problems)}");
            }

            using var again = await fixture.SendAsync("PUT", path, resource);
            if (again.StatusCode != HttpStatusCode.OK)
            {
                disagreements.Add($"{example}: storing what the gateway shows answered {(int)again.StatusCode}: {await again.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public async Task Refused_bodies_are_refused_by_the_OpenAPI_schema_and_by_the_gateway_naming_the_field()
    {
        var refusals = Refusals().ToList();
        Assert.True(refusals.Count >= 30, $"only {refusals.Count} refusals");
        var disagreements = new List<string>();
        foreach (var (what, method, template, path, body, field) in refusals)
        {
            if (fixture.SchemaProblems(method, template, body).Count == 0)
            {
                disagreements.Add($"{what}: the OpenAPI schema accepts {body.ToJsonString()}");
            }

            using var response = await fixture.SendAsync(method, path, body);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                disagreements.Add($"{what}: expected 400, got {(int)response.StatusCode}: {text}");
            }
            else if (!JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _))
            {
                disagreements.Add($"{what}: the errors do not name '{field}': {text}");
            }
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements over {refusals.Count} refused bodies:\n{string.Join("\n", disagreements)}");
    }

    [Fact]
    public void The_document_states_the_shared_names_and_the_configured_limits()
    {
        var schemas = fixture.Document.GetProperty("components").GetProperty("schemas");
        var price = schemas.GetProperty("PriceRequest").GetProperty("properties");
        var run = schemas.GetProperty("RunRequest").GetProperty("properties");

        Assert.Equal(Measures.All, price.GetProperty("measures").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Measures.All, run.GetProperty("measures").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Limits.MaxMeasuresPerRequest, price.GetProperty("measures").GetProperty("maxItems").GetInt32());
        Assert.Equal(MaxTradesPerPriceRequest, price.GetProperty("trades").GetProperty("maxItems").GetInt32());
        Assert.Equal(MaxTradesPerRun, run.GetProperty("tradeIds").GetProperty("maxItems").GetInt32());
        var discriminator = schemas.GetProperty("Trade").GetProperty("discriminator").GetProperty("mapping");
        Assert.Equal(TradeTypes.All.Order(), discriminator.EnumerateObject().Select(m => m.Name).Order());

        var limit = fixture.Document.GetProperty("paths").GetProperty("/v1/runs/{runId}/results").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limit").GetProperty("schema");
        Assert.Equal(Limits.MaxResultPageSize, limit.GetProperty("maximum").GetInt32());
        Assert.Equal(Limits.DefaultResultPageSize, limit.GetProperty("default").GetInt32());
    }

    [Fact]
    public async Task A_results_page_beyond_the_contracts_limit_is_refused_naming_limit()
    {
        using var response = await fixture.Client.GetAsync($"/v1/runs/run-none/results?limit={Limits.MaxResultPageSize + 1}");

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "limit");
    }

    /// <summary>Bad bodies, most of them a documented example with one thing wrong: (what, method, route template, path, body, the field the gateway must name).</summary>
    private IEnumerable<(string What, string Method, string Template, string Path, JsonNode Body, string Field)> Refusals()
    {
        const string Price = "/v1/price";
        var price = fixture.Examples.Single(e => e.Template == Price).Body;
        (string, string, string, string, JsonNode, string) P(string what, Action<JsonNode> change, string field) => ("price: " + what, "POST", Price, Price, Changed(price, change), field);

        yield return P("an unknown measure", b => b["measures"] = new JsonArray("pv", "pv2"), "measures[1]");
        yield return P("a measure that is not a string", b => b["measures"] = new JsonArray(1), "measures[0]");
        yield return P("no measures", b => b["measures"] = new JsonArray(), "measures");
        yield return P("measures not a list", b => b["measures"] = "pv", "measures");
        yield return P("more measures than the limit", b => b["measures"] = new JsonArray(Enumerable.Range(0, Limits.MaxMeasuresPerRequest + 1).Select(_ => (JsonNode?)Measures.Pv).ToArray()), "measures");
        yield return P("measures missing", b => b.AsObject().Remove("measures"), "measures");
        yield return P("no trades", b => b["trades"] = new JsonArray(), "trades");
        yield return P("more trades than the limit", b => b["trades"]!.AsArray().Add(Renamed(b["trades"]![0]!, "eu-2")), "trades");
        yield return P("trades missing", b => b.AsObject().Remove("trades"), "trades");
        yield return P("a trade that is not an object", b => b["trades"]![0] = "eu-1", "trades[0]");
        yield return P("an unknown trade type", b => b["trades"]![0]!["type"] = "swaption", "trades[0].type");
        yield return P("an unknown option type", b => b["trades"]![0]!["optionType"] = "straddle", "trades[0].optionType");
        yield return P("a strike written as a string", b => b["trades"]![0]!["strike"] = "127.2", "trades[0].strike");
        yield return P("a negative strike", b => b["trades"]![0]!["strike"] = -1, "trades[0].strike");
        yield return P("an expiry that is not yyyy-MM-dd", b => b["trades"]![0]!["expiry"] = "23/11/2029", "trades[0].expiry");
        yield return P("a trade without an id", b => b["trades"]![0]!.AsObject().Remove("id"), "trades[0].id");
        yield return P("a blank trade id", b => b["trades"]![0]!["id"] = " ", "trades[0].id");
        yield return P("a misspelt member", b => b["trades"]![0]!["quantty"] = 2, "trades[0].quantty");
        yield return P("a swap without its notional", b => b["trades"]![1]!.AsObject().Remove("notional"), "trades[1].notional");
        yield return P("an unknown swap direction", b => b["trades"]![1]!["direction"] = "payFloat", "trades[1].direction");
        yield return P("an unknown payment frequency", b => b["trades"]![1]!["fixedFrequency"] = "weekly", "trades[1].fixedFrequency");
        yield return P("a fixed rate in percent", b => b["trades"]![1]!["fixedRate"] = 4.513, "trades[1].fixedRate");
        yield return P("both marketData and marketDataId", b => b["marketDataId"] = "md-1", "marketData");
        yield return P("neither marketData nor marketDataId", b => b.AsObject().Remove("marketData"), "marketData");
        yield return P("an unknown top-level member", b => b["measure"] = new JsonArray("pv"), "measure");
        yield return P("an equity without volatility", b => b["marketData"]!["equities"]!["ACME"]!.AsObject().Remove("volatility"), "marketData.equities.ACME.volatility");
        yield return P("a curve with a flat rate and pillars", b => b["marketData"]!["curves"]!["USD-FLAT"]!["pillars"] = new JsonArray(), "marketData.curves.USD-FLAT");
        yield return P("interpolation as the enum's C# name", b => b["marketData"]!["curves"]!["USD-SOFR"]!["interpolation"] = "linearZero", "marketData.curves.USD-SOFR.interpolation");
        yield return ("price: a body that is not an object", "POST", Price, Price, new JsonArray(), "$");

        // POST /v1/runs: the contract shows its members, not a JSON example; a body the readers take, then broken
        const string Runs = "/v1/runs";
        var run = new JsonObject { ["book"] = "agreement", ["marketDataId"] = "md-agreement", ["scenarioSetId"] = "ss-agreement", ["measures"] = new JsonArray("pv", "delta") };
        Assert.Empty(fixture.SchemaProblems("POST", Runs, run));
        (string, string, string, string, JsonNode, string) R(string what, Action<JsonNode> change, string field) => ("run: " + what, "POST", Runs, Runs, Changed(run, change), field);
        JsonArray Ids(int n) => new(Enumerable.Range(1, n).Select(i => (JsonNode?)$"t-{i}").ToArray());

        yield return R("both book and tradeIds", b => b["tradeIds"] = Ids(1), "book");
        yield return R("neither book nor tradeIds", b => b.AsObject().Remove("book"), "book");
        yield return R("more tradeIds than XiP:Runs:MaxTradesPerRun", b => { b.AsObject().Remove("book"); b["tradeIds"] = Ids(MaxTradesPerRun + 1); }, "tradeIds");
        yield return R("a repeated trade id", b => { b.AsObject().Remove("book"); b["tradeIds"] = new JsonArray("t-1", "t-1"); }, "tradeIds[1]");
        yield return R("an empty trade id", b => { b.AsObject().Remove("book"); b["tradeIds"] = new JsonArray(""); }, "tradeIds[0]");
        yield return R("an unknown measure", b => b["measures"] = new JsonArray("pv2"), "measures[0]");
        yield return R("no marketDataId", b => b.AsObject().Remove("marketDataId"), "marketDataId");
        yield return R("a book that is not a string", b => b["book"] = 7, "book");

        // PUT /v1/market-data/{snapshotId}
        const string MarketData = "/v1/market-data/{snapshotId}";
        var market = fixture.Examples.Single(e => e.Template == MarketData).Body;
        (string, string, string, string, JsonNode, string) M(string what, Action<JsonNode> change, string field) =>
            ("market data: " + what, "PUT", MarketData, "/v1/market-data/md-refused", Changed(market, change), field);

        yield return M("no valuation date", b => b.AsObject().Remove("valuationDate"), "valuationDate");
        yield return M("an unknown instrument type", b => b["curves"]!["EUR-ESTR"]!["instruments"]![0]!["type"] = "future", "curves.EUR-ESTR.instruments[0].type");
        yield return M("a spot written as a string", b => b["equities"]!["ACME"]!["spot"] = "128.24", "equities.ACME.spot");
        yield return M("pillars without interpolation", b => b["curves"]!["USD-SOFR"]!.AsObject().Remove("interpolation"), "curves.USD-SOFR.interpolation");
        yield return M("a curve with nothing to build it from", b => b["curves"]!["USD-FLAT"] = new JsonObject(), "curves.USD-FLAT");
        yield return M("a zero volatility", b => b["equities"]!["ACME"]!["volatility"] = 0, "equities.ACME.volatility");

        // PUT /v1/trades/{tradeId}
        JsonNode TradeOf(string type) => fixture.Examples.Single(e => e.Template == "/v1/trades/{tradeId}" && (string?)e.Body["type"] == type).Body;
        (string, string, string, string, JsonNode, string) T(string type, string what, Action<JsonNode> change, string field)
        {
            var trade = TradeOf(type);
            return ($"trade: {what}", "PUT", "/v1/trades/{tradeId}", $"/v1/trades/{(string)trade["id"]!}", Changed(trade, change), field);
        }

        yield return T(TradeTypes.GeometricAsianOption, "an unknown averaging", b => b["averaging"] = "weekly", "averaging");
        yield return T(TradeTypes.GeometricAsianOption, "fixing dates that are not a list", b => b["fixingDates"] = "2024-01-17", "fixingDates");
        yield return T(TradeTypes.GeometricAsianOption, "discrete averaging without fixing dates", b => b.AsObject().Remove("fixingDates"), "fixingDates");
        yield return T(TradeTypes.GeometricAsianOption, "continuous averaging with fixing dates", b => b["averaging"] = "continuous", "fixingDates");
        yield return T(TradeTypes.FixedRateBond, "an unknown frequency", b => b["frequency"] = "biennial", "frequency");
        yield return T(TradeTypes.FixedRateBond, "a negative coupon", b => b["couponRate"] = -0.01, "couponRate");
        yield return T(TradeTypes.InterestRateSwap, "a member of another product", b => b["strike"] = 100, "strike");

        // PUT /v1/scenario-sets/{id}
        const string ScenarioSets = "/v1/scenario-sets/{id}";
        var set = fixture.Examples.Single(e => e.Template == ScenarioSets).Body;
        (string, string, string, string, JsonNode, string) S(string what, Action<JsonNode> change, string field) =>
            ("scenario set: " + what, "PUT", ScenarioSets, "/v1/scenario-sets/ss-refused", Changed(set, change), field);

        yield return S("an unknown shift kind", b => b["scenarios"]![0]!["shifts"]![0]!["kind"] = "twist", "scenarios[0].shifts[0].kind");
        yield return S("a scenario without shifts", b => b["scenarios"]![0]!.AsObject().Remove("shifts"), "scenarios[0].shifts");
        yield return S("a pillar shift without its date", b => b["scenarios"]![2]!["shifts"]![0]!.AsObject().Remove("date"), "scenarios[2].shifts[0].date");
        yield return S("a date on a parallel shift", b => b["scenarios"]![0]!["shifts"]![0]!["date"] = "2026-01-15", "scenarios[0].shifts[0].date");
        yield return S("an equity shift on a curve", b => b["scenarios"]![1]!["shifts"]![0]!["target"] = "curve:*", "scenarios[1].shifts[0].target");
        yield return S("a target that names nothing", b => b["scenarios"]![0]!["shifts"]![0]!["target"] = "curves", "scenarios[0].shifts[0].target");
        yield return S("a spot fall of more than 100%", b => b["scenarios"]![1]!["shifts"]![0]!["amount"] = -1.5, "scenarios[1].shifts[0].amount");
        yield return S("no generated scenarios", b => b["generate"]!["count"] = 0, "generate.count");
        yield return S("a count that is not whole", b => b["generate"]!["count"] = 1.5, "generate.count");
        yield return S("an unknown generator member", b => b["generate"]!["rateStdDev"] = 1, "generate.rateStdDev");
        yield return S("nothing listed and nothing generated", b => { b["scenarios"] = new JsonArray(); b.AsObject().Remove("generate"); }, "scenarios");
        yield return S("scenarios null and nothing generated", b => { b["scenarios"] = null; b.AsObject().Remove("generate"); }, "scenarios");
    }

    private static JsonNode Changed(JsonNode body, Action<JsonNode> change)
    {
        var copy = body.DeepClone();
        change(copy);
        return copy;
    }

    private static JsonNode Renamed(JsonNode trade, string id)
    {
        var copy = trade.DeepClone();
        copy["id"] = id;
        return copy;
    }

    /// <summary>One example body and where it goes.</summary>
    public sealed record Example(string Source, string Method, string Template, string Path, JsonNode Body)
    {
        public override string ToString() => $"{Source} ({Method} {Template})";
    }

    /// <summary>A gateway with small limits, its OpenAPI document, and the examples of the documents.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<(string Method, string Template), JsonSchema> _schemas = [];
        private JsonObject _definitions = null!;

        public GatewayFactory Factory { get; } = new(GatewayFactory.NewDataDirectory(), configure: b =>
        {
            b.UseSetting("XiP:Gateway:MaxTradesPerPriceRequest", MaxTradesPerPriceRequest.ToString(CultureInfo.InvariantCulture));
            b.UseSetting(Limits.MaxTradesPerRunSetting, MaxTradesPerRun.ToString(CultureInfo.InvariantCulture));
        });

        public HttpClient Client { get; private set; } = null!;

        public JsonElement Document { get; private set; }

        public List<Example> Examples { get; } = [];

        public async Task InitializeAsync()
        {
            Client = Factory.CreateClient();
            var text = await Client.GetStringAsync("/openapi/v1.json");
            Document = JsonDocument.Parse(text).RootElement.Clone();
            // the components become the $defs of each request schema (JSON Schema 2020-12: OpenAPI 3.1's dialect)
            var document = JsonNode.Parse(text.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!;
            _definitions = document["components"]!["schemas"]!.AsObject();
            foreach (var (path, item) in document["paths"]!.AsObject())
            {
                foreach (var (method, operation) in item!.AsObject())
                {
                    if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema)
                    {
                        var root = schema.DeepClone().AsObject();
                        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
                        root["$defs"] = _definitions.DeepClone();
                        _schemas[(method.ToUpperInvariant(), path)] = JsonSchema.FromText(root.ToJsonString());
                    }
                }
            }

            var repository = RepositoryRoot();
            // the repository's copy of ../shared/API.md (test/Contract/README.md): a clean clone has no ../shared
            var api = Path.Combine(repository, "test", "Contract", "API.md");
            Assert.True(File.Exists(api), $"The REST contract's copy is not at {api}.");
            Examples.AddRange(ExamplesOf("API.md", await File.ReadAllTextAsync(api)));
            Examples.AddRange(ExamplesOf("README.md", await File.ReadAllTextAsync(Path.Combine(repository, "README.md"))));
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await Factory.DisposeAsync();
            Directory.Delete(Factory.DataDirectory, recursive: true);
        }

        /// <summary>What the OpenAPI request schema of the endpoint finds wrong with <paramref name="body"/>; empty when valid.</summary>
        public List<string> SchemaProblems(string method, string template, JsonNode body)
        {
            // a curl example names a concrete path (/v1/live-markets/desk): its operation is the template it fills in
            var key = _schemas.Keys.Where(k => k.Method == method && Fills(k.Template, template)).DefaultIfEmpty((method, template)).First();
            Assert.True(_schemas.TryGetValue(key, out var schema), $"the OpenAPI document has no JSON request body for {method} {template}");
            var results = schema.Evaluate(JsonDocument.Parse(body.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            return results.IsValid
                ? []
                : (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).DefaultIfEmpty("invalid").ToList();
        }

        private static bool Fills(string template, string path)
        {
            var (t, p) = (template.Split('/'), path.Split('/'));
            return t.Length == p.Length && t.Zip(p).All(s => s.First == s.Second || (s.First.StartsWith('{') && s.First.EndsWith('}') && s.Second.Length > 0));
        }

        public Task<HttpResponseMessage> SendAsync(string method, string path, JsonNode body) =>
            Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") });

        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Orleans.XiP.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"No Orleans.XiP.sln above {AppContext.BaseDirectory}.");
        }

        /// <summary>The example bodies of a markdown document: JSON blocks (by the heading above them) and curl commands with <c>-d '…'</c>.</summary>
        private static IEnumerable<Example> ExamplesOf(string source, string markdown)
        {
            var lines = markdown.Split('\n');
            var heading = string.Empty;
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith('#'))
                {
                    heading = lines[i].TrimStart('#').Trim();
                    continue;
                }

                if (!lines[i].StartsWith("```", StringComparison.Ordinal))
                {
                    continue;
                }

                var language = lines[i][3..].Trim();
                var start = i + 1;
                do
                {
                    i++;
                }
                while (i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal));

                var block = string.Join('\n', lines[start..Math.Min(i, lines.Length)]);
                var where = $"{source} line {start}, under \"{heading}\"";
                if (language == "json")
                {
                    Assert.True(EndpointByHeading.TryGetValue(heading, out var endpoint), $"{where}: a JSON block under a heading this test does not map to an endpoint; add it to {nameof(EndpointByHeading)}.");
                    var values = JsonValues(block, where);
                    foreach (var (value, n) in values.Select((v, n) => (v, n)))
                    {
                        yield return new Example($"{where} #{n + 1}", endpoint.Method, endpoint.Template, Concrete(endpoint.Template, value), value);
                    }

                    if (endpoint.Template == "/v1/trades/{tradeId}")
                    {
                        yield return new Example($"{where}, all together", "POST", "/v1/trades", "/v1/trades", new JsonArray(values.Select(v => (JsonNode?)v.DeepClone()).ToArray()));
                    }
                }
                else
                {
                    foreach (Match curl in CurlWithBody().Matches(block))
                    {
                        var method = CurlMethod().Match(curl.Value) is { Success: true } m ? m.Groups["method"].Value : "POST";
                        var path = curl.Groups["path"].Value;
                        yield return new Example($"{where}, curl {method} {path}", method, path, path, JsonNode.Parse(curl.Groups["body"].Value)!);
                    }
                }
            }
        }

        /// <summary>Every JSON value of a block (API.md shows several trades in one block, one after another).</summary>
        private static List<JsonNode> JsonValues(string block, string where)
        {
            var values = new List<JsonNode>();
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(block), new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                values.Add(JsonNode.Parse(ref reader) ?? throw new InvalidOperationException($"{where}: null is not an example body."));
            }

            Assert.True(values.Count > 0, $"{where}: an empty JSON block");
            return values;
        }

        private static string Concrete(string template, JsonNode body) => template switch
        {
            "/v1/market-data/{snapshotId}" => "/v1/market-data/md-documented",
            "/v1/trades/{tradeId}" => $"/v1/trades/{Uri.EscapeDataString((string)body["id"]!)}",
            "/v1/scenario-sets/{id}" => "/v1/scenario-sets/ss-documented",
            _ => template,
        };
    }

    // curl ... http://host:port/v1/... ... -d '<body>' (the body may span lines)
    [GeneratedRegex(@"curl\b[^\n]*?https?://[^/\s']+(?<path>/v1/[^\s'?]*)[^\n]*?\s(?:-d|--data|--data-raw)\s*'(?<body>[^']*)'")]
    private static partial Regex CurlWithBody();

    // a curl command's method when it says one (-X PUT); with a body and none, curl posts
    [GeneratedRegex(@"\s(?:-X|--request)\s*(?<method>[A-Z]+)\b")]
    private static partial Regex CurlMethod();
}
