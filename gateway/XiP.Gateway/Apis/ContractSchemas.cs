using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using XiP.Contracts;
using XiP.Contracts.Markets;
using XiP.Contracts.Pricing;
using XiP.Contracts.Runs;
using XiP.Contracts.Scenarios;
using XiP.Contracts.Trades;
using XiP.Gateway.Validation;

namespace XiP.Gateway.Apis;

/// <summary>
/// Makes the OpenAPI document's request schemas say what the readers of <see cref="XiP.Gateway.Validation"/> accept, from
/// the same facts: enum names from the contract's enums (which <see cref="WireNames"/> reads too), measures from
/// <see cref="Measures"/>, limits from <see cref="Limits"/>, the configured <see cref="GatewayOptions"/> and
/// <see cref="RunLimitOptions"/>, ranges from <see cref="Rules"/>; required members, members that exclude each other, and no
/// member the readers do not know. The agreement test (test/XiP.Gateway.Tests, ContractAgreementTests) checks the document
/// and the readers against each other and against the documented examples.
/// </summary>
/// <remarks>
/// What a schema cannot say stays with the readers alone: names match in any letter case there, rules that
/// relate values (repeated ids, dates in order or after the valuation date, curves and equities the market data has,
/// scenarios listed plus generated within the limit), the range of dates (<see cref="Limits.EarliestDate"/> to
/// <see cref="Limits.LatestDate"/>), a tenor's span per unit, and text free of control characters and unpaired surrogates.
/// </remarks>
internal static class ContractSchemas
{
    private const int MaxText = 200;

    public static void Configure(OpenApiOptions options) => options.AddDocumentTransformer((document, context, _) =>
    {
        var gateway = context.ApplicationServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var runs = context.ApplicationServices.GetRequiredService<IOptions<RunLimitOptions>>().Value;
        Describe(document, gateway, runs);
        return Task.CompletedTask;
    });

    private static void Describe(OpenApiDocument document, GatewayOptions gateway, RunLimitOptions runs)
    {
        var schemas = document.Components?.Schemas ?? throw new InvalidOperationException("The OpenAPI document has no schemas to describe.");
        OpenApiSchema Get(string name) => schemas.TryGetValue(name, out var schema) && schema is OpenApiSchema s
            ? s
            : throw new InvalidOperationException($"The OpenAPI document has no schema '{name}'; {nameof(ContractSchemas)} must follow the rename.");

        // the enumerations as the readers spell them
        Names(Get(nameof(OptionType)), WireNames.OptionTypes.Keys);
        Names(Get(nameof(Averaging)), WireNames.Averaging.Keys);
        Names(Get(nameof(SwapDirection)), WireNames.Directions.Keys);
        Names(Get(nameof(Frequency)), WireNames.Frequencies.Keys);
        Names(Get(nameof(Interpolation)), WireNames.Interpolations.Keys);
        Names(Get(nameof(InstrumentType)), WireNames.InstrumentTypes.Keys);
        Names(Get(nameof(ShiftType)), WireNames.ShiftKinds.Keys);

        var price = Get(nameof(PriceRequest));
        Closed(price, "trades", "measures");
        price.OneOf = [OneOf("marketData", JsonSchemaType.Object, "marketDataId"), OneOf("marketDataId", JsonSchemaType.String, "marketData")];
        Text(price, "marketDataId");
        List(price, "trades", 1, gateway.MaxTradesPerPriceRequest);
        MeasureList(price);

        var run = Get(nameof(RunRequest));
        Closed(run, "marketDataId", "measures");
        run.OneOf = [OneOf("book", JsonSchemaType.String, "tradeIds"), OneOf("tradeIds", JsonSchemaType.Array, "book")];
        Text(run, "book", "marketDataId", "scenarioSetId", "clientRunId");
        var tradeIds = List(run, "tradeIds", 1, runs.MaxTradesPerRun);
        tradeIds.UniqueItems = true;
        NotBlank(Schema(tradeIds.Items!));
        MeasureList(run);

        MarketData(Get);
        Trades(Get);
        ScenarioSets(Get);

        var calibrate = Get(nameof(CalibrateRequest));
        Closed(calibrate, "valuationDate", "curve");
        List(calibrate, "dates", 0, CalibrateRequestReader.MaxDates).Type |= JsonSchemaType.Null;

        // the results' page and filter (query parameters of GET /v1/runs/{runId}/results)
        foreach (var parameter in document.Paths?.GetValueOrDefault("/v1/runs/{runId}/results")?.Operations?.GetValueOrDefault(HttpMethod.Get)?.Parameters ?? [])
        {
            if (parameter.Schema is OpenApiSchema query && parameter.Name == "limit")
            {
                query.Minimum = "1";
                query.Maximum = Number(Limits.MaxResultPageSize);
                query.Default = JsonValue.Create(Limits.DefaultResultPageSize);
            }
            else if (parameter.Schema is OpenApiSchema filter && parameter.Name == "measure")
            {
                Names(filter, Measures.All);
            }
        }
    }

    private static void MarketData(Func<string, OpenApiSchema> get)
    {
        var market = get(nameof(Contracts.Markets.MarketData));
        Closed(market, "valuationDate");
        // absent and null are the same to the readers where a member may be left out
        Property(market, "curves").Type |= JsonSchemaType.Null;
        Property(market, "equities").Type |= JsonSchemaType.Null;

        var curve = get(nameof(Curve));
        Closed(curve);
        Range(curve, "flatRate", -Rules.MaxRate, Rules.MaxRate);
        List(curve, "pillars", 1, MarketDataReader.MaxPillars).Type = JsonSchemaType.Array;
        List(curve, "instruments", 1, MarketDataReader.MaxInstruments).Type = JsonSchemaType.Array;
        // exactly one of flatRate, pillars or instruments; a flat curve has no interpolation, a bootstrapped one interpolates log-linearly
        var logLinear = WireNames.Of(Interpolation.LogLinearDiscount);
        curve.OneOf =
        [
            Only(["flatRate"], ["pillars", "instruments", "interpolation"], new() { ["flatRate"] = Typed(JsonSchemaType.Number) }),
            Only(["pillars", "interpolation"], ["flatRate", "instruments"], new() { ["pillars"] = Typed(JsonSchemaType.Array), ["interpolation"] = Typed(JsonSchemaType.String) }),
            Only(["instruments", "interpolation"], ["flatRate", "pillars"], new() { ["instruments"] = Typed(JsonSchemaType.Array), ["interpolation"] = Names(new OpenApiSchema(), [logLinear]) }),
        ];

        var pillar = get(nameof(Pillar));
        Closed(pillar, "date", "zeroRate");
        Range(pillar, "zeroRate", -Rules.MaxRate, Rules.MaxRate);

        var instrument = get(nameof(CurveInstrument));
        Closed(instrument, "type", "tenor", "rate");
        var tenor = Property(instrument, "tenor");
        tenor.MaxLength = MarketDataReader.MaxTenorLength;
        tenor.Pattern = "^0*[1-9][0-9]*[DWMYdwmy]$";
        Range(instrument, "rate", -Rules.MaxRate, Rules.MaxRate);
        var deposit = WireNames.Of(InstrumentType.Deposit);
        // a deposit has no payment frequencies
        instrument.If = new OpenApiSchema { Required = new HashSet<string> { "type" }, Properties = new Dictionary<string, IOpenApiSchema> { ["type"] = Names(new OpenApiSchema(), [deposit]) } };
        instrument.Then = new OpenApiSchema { Not = AnyRequired("fixedFrequency", "floatFrequency") };

        var equity = get(nameof(Equity));
        Closed(equity, "spot", "volatility");
        Positive(equity, "spot", Limits.MaxPrice);
        Range(equity, "dividendYield", -Rules.MaxRate, Rules.MaxRate).Type |= JsonSchemaType.Null;
        Range(equity, "volatility", 0, Rules.MaxVolatility).ExclusiveMinimum = "0";
        Property(equity, "volatility").Minimum = null;
    }

    private static void Trades(Func<string, OpenApiSchema> get)
    {
        var european = get(nameof(Trade) + nameof(EuropeanOption));
        var asian = get(nameof(Trade) + nameof(GeometricAsianOption));
        var swap = get(nameof(Trade) + nameof(InterestRateSwap));
        var bond = get(nameof(Trade) + nameof(FixedRateBond));
        foreach (var trade in new[] { european, asian, swap, bond })
        {
            trade.Type = JsonSchemaType.Object;
            Closed(trade, [.. trade.Required ?? new HashSet<string>(), "type"]);
            Text(trade, trade.Properties!.Where(p => p.Value is OpenApiSchema { Type: { } t, Format: null, Enum: null } && (t & ~JsonSchemaType.Null) == JsonSchemaType.String).Select(p => p.Key).ToArray());
            Range(trade, "quantity", -Limits.MaxQuantity, Limits.MaxQuantity).Type = JsonSchemaType.Number | JsonSchemaType.Null;
        }

        Positive(european, "strike", Limits.MaxPrice);
        Positive(asian, "strike", Limits.MaxPrice);
        // discrete averaging lists its fixing dates, continuous averaging has none
        var fixingDates = List(asian, "fixingDates", 1, TradeReader.MaxFixingDates);
        fixingDates.Type = JsonSchemaType.Array;
        fixingDates.UniqueItems = true;
        var discrete = WireNames.Of(Averaging.Discrete);
        asian.If = new OpenApiSchema { Required = new HashSet<string> { "averaging" }, Properties = new Dictionary<string, IOpenApiSchema> { ["averaging"] = Names(new OpenApiSchema(), [discrete]) } };
        asian.Then = new OpenApiSchema { Required = new HashSet<string> { "fixingDates" } };
        asian.Else = new OpenApiSchema { Not = AnyRequired("fixingDates") };

        Positive(swap, "notional", Limits.MaxAmount);
        Range(swap, "fixedRate", -Rules.MaxRate, Rules.MaxRate);
        Range(swap, "currentFixingRate", -Rules.MaxRate, Rules.MaxRate);

        Positive(bond, "faceValue", Limits.MaxAmount);
        Range(bond, "couponRate", 0, Rules.MaxRate);
    }

    private static void ScenarioSets(Func<string, OpenApiSchema> get)
    {
        var set = get(nameof(ScenarioSet));
        Closed(set);
        List(set, "scenarios", 0, ScenarioSetReader.MaxScenarios).Type |= JsonSchemaType.Null;
        // at least one listed scenario, or generated ones
        set.AnyOf =
        [
            new OpenApiSchema { Required = new HashSet<string> { "scenarios" }, Properties = new Dictionary<string, IOpenApiSchema> { ["scenarios"] = new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 1 } } },
            new OpenApiSchema { Required = new HashSet<string> { "generate" }, Properties = new Dictionary<string, IOpenApiSchema> { ["generate"] = Typed(JsonSchemaType.Object) } },
        ];

        var scenario = get(nameof(Scenario));
        Closed(scenario, "id", "shifts");
        Text(scenario, "id");
        List(scenario, "shifts", 0, ScenarioSetReader.MaxShiftsPerScenario);

        var shift = get(nameof(Shift));
        Closed(shift, "target", "kind", "amount");
        var target = Property(shift, "target");
        target.MaxLength = ScenarioSetReader.MaxTargetLength;
        target.Pattern = $"^(?:{AnyCase("curve")}|{AnyCase("equity")}):(?:\\S|\\S.*\\S)$";
        string Kind(ShiftType kind) => WireNames.Of(kind);
        OpenApiSchema When(ShiftType[] kinds, string prefix, Action<OpenApiSchema> amount, bool date)
        {
            var then = new OpenApiSchema
            {
                Properties = new Dictionary<string, IOpenApiSchema> { ["target"] = new OpenApiSchema { Pattern = $"^{AnyCase(prefix)}:" }, ["amount"] = new OpenApiSchema() },
            };
            amount((OpenApiSchema)then.Properties["amount"]);
            if (date)
            {
                then.Required = new HashSet<string> { "date" };
                then.Properties["date"] = Typed(JsonSchemaType.String);
            }
            else
            {
                then.Properties["date"] = Typed(JsonSchemaType.Null);
            }

            return new OpenApiSchema
            {
                If = new OpenApiSchema { Required = new HashSet<string> { "kind" }, Properties = new Dictionary<string, IOpenApiSchema> { ["kind"] = Names(new OpenApiSchema(), kinds.Select(Kind)) } },
                Then = then,
            };
        }

        var basisPoints = Number(ScenarioSetReader.MaxBasisPoints);
        var absolute = Number(ScenarioSetReader.MaxAbsoluteShift);
        shift.AllOf =
        [
            When([ShiftType.Parallel], "curve", a => (a.Minimum, a.Maximum) = ("-" + basisPoints, basisPoints), date: false),
            When([ShiftType.Pillar], "curve", a => (a.Minimum, a.Maximum) = ("-" + basisPoints, basisPoints), date: true),
            When([ShiftType.SpotRelative], "equity", a => (a.ExclusiveMinimum, a.Maximum) = ("-1", Number(ScenarioSetReader.MaxSpotRelative)), date: false),
            When([ShiftType.VolAbsolute, ShiftType.DividendYieldAbsolute], "equity", a => (a.Minimum, a.Maximum) = ("-" + absolute, absolute), date: false),
        ];

        var generator = get(nameof(ScenarioGenerator));
        Closed(generator, "count", "seed");
        var count = Property(generator, "count");
        count.Minimum = "1";
        count.Maximum = Number(ScenarioSetReader.MaxScenarios);
        Range(generator, "curveParallelBpStdDev", 0, ScenarioSetReader.MaxCurveStdDev).Type |= JsonSchemaType.Null;
        Range(generator, "spotRelativeStdDev", 0, ScenarioSetReader.MaxSpotStdDev).Type |= JsonSchemaType.Null;
        Range(generator, "volAbsoluteStdDev", 0, ScenarioSetReader.MaxAbsoluteStdDev).Type |= JsonSchemaType.Null;
        Range(generator, "dividendYieldAbsoluteStdDev", 0, ScenarioSetReader.MaxAbsoluteStdDev).Type |= JsonSchemaType.Null;
    }

    /// <summary>Exactly <paramref name="required"/> are required, and no member the schema does not list is allowed.</summary>
    private static void Closed(OpenApiSchema schema, params string[] required)
    {
        foreach (var name in required.Where(n => schema.Properties?.ContainsKey(n) != true))
        {
            throw new InvalidOperationException($"The OpenAPI schema has no member '{name}' to require.");
        }

        schema.Required = new HashSet<string>(required);
        schema.AdditionalPropertiesAllowed = false;
        schema.AdditionalProperties = null;
    }

    private static OpenApiSchema Property(OpenApiSchema schema, string name) =>
        schema.Properties?.TryGetValue(name, out var property) == true
            ? Schema(property)
            : throw new InvalidOperationException($"The OpenAPI schema has no member '{name}' to describe.");

    private static OpenApiSchema Schema(IOpenApiSchema schema) =>
        schema as OpenApiSchema ?? throw new InvalidOperationException("An inline OpenAPI schema was expected, not a reference.");

    private static OpenApiSchema Names(OpenApiSchema schema, IEnumerable<string> names)
    {
        schema.Type = JsonSchemaType.String;
        schema.Enum = names.Select(n => (JsonNode)JsonValue.Create(n)).ToList();
        return schema;
    }

    private static void MeasureList(OpenApiSchema schema)
    {
        var measures = List(schema, "measures", 1, Limits.MaxMeasuresPerRequest);
        Names(Schema(measures.Items!), Measures.All);
    }

    /// <summary>What <see cref="JsonObjectReader.String"/> takes: not blank, at most 200 characters.</summary>
    private static void Text(OpenApiSchema schema, params string[] names)
    {
        foreach (var name in names)
        {
            var text = Property(schema, name);
            NotBlank(text);
            text.MaxLength = MaxText;
        }
    }

    private static void NotBlank(OpenApiSchema text)
    {
        text.MinLength = 1;
        text.Pattern = "\\S";
    }

    private static OpenApiSchema List(OpenApiSchema schema, string name, int min, int max)
    {
        var list = Property(schema, name);
        list.MinItems = min > 0 ? min : null;
        list.MaxItems = max;
        return list;
    }

    private static OpenApiSchema Range(OpenApiSchema schema, string name, double min, double max)
    {
        var number = Property(schema, name);
        number.Minimum = Number(min);
        number.Maximum = Number(max);
        return number;
    }

    private static void Positive(OpenApiSchema schema, string name, double max)
    {
        var number = Property(schema, name);
        number.ExclusiveMinimum = "0";
        number.Maximum = Number(max);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static OpenApiSchema Typed(JsonSchemaType type) => new() { Type = type };

    /// <summary><paramref name="member"/> given (as <paramref name="type"/>, not null), <paramref name="other"/> not even named.</summary>
    private static OpenApiSchema OneOf(string member, JsonSchemaType type, string other) =>
        Only([member], [other], new() { [member] = Typed(type) });

    private static OpenApiSchema Only(string[] required, string[] absent, Dictionary<string, IOpenApiSchema> properties) => new()
    {
        Required = new HashSet<string>(required),
        Properties = properties,
        Not = AnyRequired(absent),
    };

    private static OpenApiSchema AnyRequired(params string[] names) => new()
    {
        AnyOf = names.Select(n => (IOpenApiSchema)new OpenApiSchema { Required = new HashSet<string> { n } }).ToList(),
    };

    /// <summary>A pattern for <paramref name="word"/> in any letter case (ECMA-262 patterns have no case-insensitive flag).</summary>
    private static string AnyCase(string word) => string.Concat(word.Select(c => $"[{char.ToLowerInvariant(c)}{char.ToUpperInvariant(c)}]"));
}
