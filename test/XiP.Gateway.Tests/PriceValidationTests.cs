using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class PriceValidationTests(GatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task AValidRequestPricesEveryTradeInOrderAndReportsInapplicableMeasuresPerTrade()
    {
        var response = await Client.PostAsync("/v1/price", Requests.Price());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["eu-1", "as-1", "sw-1", "bd-1"], results.Select(r => r.GetProperty("tradeId").GetString()));
        Assert.True(results[0].GetProperty("values").GetProperty("delta").GetDouble() > 0);
        Assert.True(results[1].GetProperty("values").GetProperty("delta").GetDouble() <= 0);
        Assert.True(results[1].GetProperty("values").GetProperty("pv").GetDouble() >= 0);
        Assert.Contains("does not apply", results[2].GetProperty("errors").GetProperty("delta").GetString());
        Assert.True(results[2].GetProperty("values").TryGetProperty("pv01", out _));
        Assert.Contains("does not apply", results[3].GetProperty("errors").GetProperty("delta").GetString());
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsABadRequest()
    {
        var response = await Client.PostRawAsync("/v1/price", "{ this is not json");

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "$");
    }

    [Fact]
    public async Task AnEmptyBodyIsABadRequest()
    {
        var response = await Client.PostRawAsync("/v1/price", string.Empty);

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "$");
    }

    [Fact]
    public async Task AJsonArrayBodyIsABadRequest()
    {
        var response = await Client.PostRawAsync("/v1/price", "[1,2]");

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "$");
    }

    [Fact]
    public async Task AnUnknownTradeTypeIsNamedByItsPath()
    {
        var trade = Requests.European();
        trade["type"] = "varianceSwap";

        var response = await Client.PostAsync("/v1/price", Requests.Price(Requests.Swap(), trade));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "trades[1].type");
    }

    [Fact]
    public async Task AnUnknownMeasureIsNamedByItsPath()
    {
        var body = Requests.Price();
        body["measures"] = new JsonArray("pv", "kappa");

        var response = await Client.PostAsync("/v1/price", body);

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "measures[1]");
    }

    [Theory]
    [InlineData("europeanOption", "strike", -1.0)]
    [InlineData("europeanOption", "strike", 0.0)]
    [InlineData("interestRateSwap", "notional", -5.0)]
    [InlineData("fixedRateBond", "faceValue", -100.0)]
    [InlineData("fixedRateBond", "couponRate", -0.01)]
    public async Task ANegativeAmountIsNamedByItsPath(string type, string field, double value)
    {
        var trade = type switch { "europeanOption" => Requests.European(), "interestRateSwap" => Requests.Swap(), _ => Requests.Bond() };
        trade[field] = value;

        var response = await Client.PostAsync("/v1/price", Requests.Price(trade));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, $"trades[0].{field}");
    }

    [Fact]
    public async Task ANegativeVolatilityIsNamedByItsPath()
    {
        var body = Requests.Price(Requests.European());
        body["marketData"]!["equities"]!["ACME"]!["volatility"] = -0.2;

        var response = await Client.PostAsync("/v1/price", body);

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "marketData.equities.ACME.volatility");
    }

    [Fact]
    public async Task AnExpiryBeforeTheValuationDateIsNamedByItsPath()
    {
        var trade = Requests.European();
        trade["expiry"] = "2023-12-31";

        var response = await Client.PostAsync("/v1/price", Requests.Price(trade));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "trades[0].expiry");
    }

    [Fact]
    public async Task ACurveThatDoesNotExistIsNamedByItsPath()
    {
        var swap = Requests.Swap();
        swap["curve"] = "GBP-SONIA";

        var response = await Client.PostAsync("/v1/price", Requests.Price(Requests.European(), swap));

        var errors = await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "trades[1].curve");
        Assert.Contains("GBP-SONIA", errors.GetProperty("trades[1].curve")[0].GetString());
    }

    [Fact]
    public async Task MissingAndMalformedFieldsAreAllNamedAtOnce()
    {
        var trade = Requests.Swap();
        trade.Remove("notional");
        trade["startDate"] = "15/07/2025";
        trade["direction"] = "sideways";
        trade["fixedRate"] = "4.5%";

        var response = await Client.PostAsync("/v1/price", Requests.Price(trade));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true,
            "trades[0].notional", "trades[0].startDate", "trades[0].direction", "trades[0].fixedRate");
    }

    [Fact]
    public async Task AMisspeltOptionalFieldIsRejectedNotIgnored()
    {
        var trade = Requests.European();
        trade["quantty"] = 1000;

        var response = await Client.PostAsync("/v1/price", Requests.Price(trade));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "trades[0].quantty");
    }

    [Fact]
    public async Task RepeatedTradeIdsAreRejected()
    {
        var response = await Client.PostAsync("/v1/price", Requests.Price(Requests.European(), Requests.European()));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "trades[1].id");
    }

    [Fact]
    public async Task EnumsAreCaseInsensitiveOnInput()
    {
        var trade = Requests.Swap();
        trade["direction"] = "PAYFIXED";
        trade["fixedFrequency"] = "Annual";
        var body = Requests.Price(trade);
        body["measures"] = new JsonArray("PV", "ParRate");

        var response = await Client.PostAsync("/v1/price", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("results")[0];
        Assert.True(result.GetProperty("values").TryGetProperty("parRate", out _));
    }

    [Fact]
    public async Task ACurveWhoseQuotesAdmitNoDiscountFactorIsABadRequestNamingTheCurve()
    {
        var body = Requests.Price(Requests.Bond());
        var instruments = body["marketData"]!["curves"]!["EUR-ESTR"]!["instruments"]!.AsArray();
        instruments.Add(new JsonObject { ["type"] = "deposit", ["tenor"] = "24M", ["rate"] = 0.03 });

        var response = await Client.PostAsync("/v1/price", body);

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "marketData.curves.EUR-ESTR");
    }

    [Fact]
    public async Task DiscreteAveragingWithoutFixingDatesIsABadRequest()
    {
        var trade = Requests.Asian();
        trade.Remove("fixingDates");

        var response = await Client.PostAsync("/v1/price", Requests.Price(trade));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "trades[0].fixingDates");
    }

    [Fact]
    public async Task InlineAndStoredMarketDataTogetherAreABadRequest()
    {
        var body = Requests.Price();
        body["marketDataId"] = "snap-1";

        var response = await Client.PostAsync("/v1/price", body);

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "marketData");
    }
}
