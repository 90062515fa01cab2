using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>
/// Bodies a hostile or careless client sends: each is refused with a 4xx naming the field (or the body), never a 500,
/// and a refused store leaves nothing behind.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HostileInputTests(GatewayFixture fixture)
{
    private const string LoneHigh = "\\ud800";
    private const string LoneLow = "\\udc00";

    private HttpClient Client => fixture.Client;

    [Theory]
    [InlineData(LoneHigh)]
    [InlineData(LoneLow)]
    [InlineData("\\udc00\\ud800")]
    public async Task Half_a_surrogate_pair_in_a_value_is_refused_naming_the_field_and_nothing_is_stored(string escape)
    {
        var id = NewId();
        var trade = Requests.European();
        trade["id"] = id;
        trade["underlying"] = "ACME-MARK";

        using var response = await PutRawAsync($"/v1/trades/{id}", trade.ToJsonString().Replace("-MARK", escape, StringComparison.Ordinal));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "underlying");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/trades/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_valid_surrogate_pair_is_text_and_is_kept()
    {
        var id = NewId();
        var trade = Requests.European();
        trade["id"] = id;
        trade["book"] = "desk-MARK";

        using var response = await PutRawAsync($"/v1/trades/{id}", trade.ToJsonString().Replace("-MARK", "\\ud83d\\ude00", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = JsonNode.Parse(await Client.GetStringAsync($"/v1/trades/{id}"))!;
        Assert.Equal("desk\U0001F600", (string?)stored["book"]);
    }

    [Fact]
    public async Task Half_a_surrogate_pair_in_a_member_name_is_refused_naming_the_member_as_written()
    {
        var body = Requests.Price().ToJsonString().Replace("\"measures\"", $"\"x{LoneLow}\":1,\"measures\"", StringComparison.Ordinal);

        using var response = await Client.PostRawAsync("/v1/price", body);

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, $"['x{LoneLow}']");
    }

    [Fact]
    public async Task Half_a_surrogate_pair_deep_in_a_price_request_is_named_by_its_path()
    {
        var body = Requests.Price().ToJsonString().Replace("\"USD-SOFR\"", $"\"USD-SOFR{LoneHigh}\"", StringComparison.Ordinal);

        using var response = await Client.PostRawAsync("/v1/price", body);

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, $"marketData.curves['USD-SOFR{LoneHigh}']");
    }

    [Fact]
    public async Task Half_a_surrogate_pair_in_a_bulk_upload_names_the_trade_and_line_and_stores_nothing()
    {
        var book = NewId();
        var first = Requests.European();
        first["id"] = book + "-1";
        first["book"] = book;
        var second = Requests.European();
        second["id"] = book + "-2";
        second["book"] = book;
        second["discountCurve"] = "USD-MARK";
        var body = first.ToJsonString() + "\n" + second.ToJsonString().Replace("-MARK", LoneHigh, StringComparison.Ordinal) + "\n";

        using var response = await Client.PostAsync("/v1/trades", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        var errors = await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "[1].discountCurve");
        Assert.StartsWith("line 2:", errors.GetProperty("[1].discountCurve")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/trades/{book}-1")).StatusCode);
    }

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\n")]
    [InlineData("\\u001b[31m")]
    [InlineData("\\u0085")]
    public async Task Control_characters_in_text_are_refused_naming_the_field(string escape)
    {
        var id = NewId();
        var trade = Requests.European();
        trade["id"] = id;
        trade["book"] = "desk-MARK";

        using var response = await PutRawAsync($"/v1/trades/{id}", trade.ToJsonString().Replace("-MARK", escape, StringComparison.Ordinal));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "book");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/trades/{id}")).StatusCode);
    }

    public static TheoryData<string, string, string, string> OutOfRange() => new()
    {
        { "a swap maturing in 9999", "interestRateSwap", "maturityDate", "\"9999-12-31\"" },
        { "a bond issued in year 1", "fixedRateBond", "issueDate", "\"0001-01-01\"" },
        { "an expiry before 1900", "europeanOption", "expiry", "\"1899-12-31\"" },
        { "a quantity of 1e300", "europeanOption", "quantity", "1e300" },
        { "a strike of 1e300", "europeanOption", "strike", "1e300" },
        { "a notional of 1e300", "interestRateSwap", "notional", "1e300" },
        { "a face value of 1e300", "fixedRateBond", "faceValue", "1e300" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task Values_outside_the_documented_ranges_are_refused_naming_the_field(string what, string type, string member, string value)
    {
        var trade = type switch
        {
            "interestRateSwap" => Requests.Swap(),
            "fixedRateBond" => Requests.Bond(),
            _ => Requests.European(),
        };
        trade[member] = JsonNode.Parse(value);

        // the plain European request is read by the one-pass reader first: it must refuse the same values
        using var response = await Client.PostAsync("/v1/price", Requests.Price(trade));

        Assert.False(string.IsNullOrEmpty(what));
        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, $"trades[0].{member}");
    }

    [Theory]
    [InlineData("interestRateSwap", "startDate", "2126-01-01", true)]
    [InlineData("interestRateSwap", "startDate", "2126-01-02", false)]
    [InlineData("fixedRateBond", "issueDate", "2126-01-01", true)]
    [InlineData("fixedRateBond", "issueDate", "2200-12-31", false)]
    public async Task A_term_of_more_than_a_hundred_years_is_refused_at_maturity(string type, string first, string maturity, bool within)
    {
        var trade = type == "interestRateSwap" ? Requests.Swap() : Requests.Bond();
        trade[first] = "2026-01-01";
        trade["maturityDate"] = maturity;

        using var response = await Client.PostAsync("/v1/price", Requests.Price(trade));

        if (within)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "trades[0].maturityDate");
        }
    }

    [Theory]
    [InlineData("5000Y")]
    [InlineData("101Y")]
    [InlineData("1201M")]
    [InlineData("36526D")]
    public async Task A_tenor_longer_than_a_hundred_years_is_refused_and_no_snapshot_is_stored(string tenor)
    {
        var id = NewId();
        var market = Requests.MarketData();
        market["curves"]!["EUR-ESTR"]!["instruments"]![1]!["tenor"] = tenor;

        using var response = await Client.PutAsync($"/v1/market-data/{id}", new StringContent(market.ToJsonString(), Encoding.UTF8, "application/json"));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "curves.EUR-ESTR.instruments[1].tenor");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/market-data/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_hundred_year_tenor_is_within_the_range()
    {
        var market = Requests.MarketData();
        market["curves"]!["EUR-ESTR"]!["instruments"]![1]!["tenor"] = "100Y";

        using var response = await Client.PutAsync($"/v1/market-data/{NewId()}", new StringContent(market.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<HttpResponseMessage> PutRawAsync(string path, string body) =>
        Client.PutAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private static string NewId() => "hostile-" + Guid.NewGuid().ToString("N")[..12];
}
