using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using XiP.Abstractions;
using XiP.Abstractions.Pricing;
using XiP.Gateway.Validation;
using XiP.Tests;

namespace XiP.Gateway.Tests;

/// <summary>
/// The embedded gateway prices <c>POST /v1/price</c> in process (its silo has the compute role), not through the pricing
/// grain: both must answer the same to the bit, values and per-trade errors alike.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LocalPricingTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_embedded_gateway_prices_in_process_to_the_bit_of_the_pricing_grain()
    {
        Assert.NotNull(fixture.Factory.Services.GetService<ILocalPricing>());
        var body = Requests.Price();
        body["measures"] = new JsonArray("pv", "delta", "gamma", "vega", "pv01", "theta", "dividendRho");

        using var response = await fixture.Client.PostAsJsonAsync("/v1/price", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answered = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");

        using var document = JsonDocument.Parse(body.ToJsonString());
        var request = await PriceRequestReader.ReadAsync(document.RootElement, 100, _ => Task.FromResult<Abstractions.MarketData.MarketDataSpec?>(null), new ValidationErrors());
        var grain = fixture.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IPricingGrain>(GrainKeys.StatelessWorker);
        var priced = (await grain.PriceAsync(request!)).Results;

        Assert.Equal(priced.Count, answered.GetArrayLength());
        var errors = 0;
        for (var i = 0; i < priced.Count; i++)
        {
            var http = answered[i];
            Assert.Equal(priced[i].TradeId, http.GetProperty("tradeId").GetString());
            var values = http.GetProperty("values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(priced[i].Values.Keys.Order(), values.Keys.Order());
            foreach (var (measure, value) in priced[i].Values)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(values[measure]));
            }

            var messages = http.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            Assert.Equal(priced[i].Errors.OrderBy(e => e.Key), messages.OrderBy(e => e.Key)!);
            errors += messages.Count;
        }

        // the request mixes measures that do not apply to some trades: their errors are compared too
        Assert.True(errors > 0);
    }
}
