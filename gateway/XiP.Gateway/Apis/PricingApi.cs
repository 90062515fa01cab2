using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Pricing;
using XiP.Gateway.Validation;
using Rest = XiP.Contracts.Pricing;

using XiP.Gateway.Security;

namespace XiP.Gateway.Apis;

/// <summary>Synchronous pricing and curve calibration.</summary>
public static class PricingApi
{
    public static IEndpointRouteBuilder MapPricingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").WithTags("Pricing");
        api.MapPost("/price", Price)
            .WithName("Price")
            .WithSummary("Prices trades for measures on inline or stored market data.")
            .WithDescription("Results come back in request order. A measure that does not apply to a trade type is reported in that trade's errors; the request still succeeds.")
            .RequireAuthorization(XiPRoles.Trader)
            .RequireRateLimiting(CallerRateLimits.Pricing)
            .RequireJson()
            .Accepts<Rest.PriceRequest>("application/json")
            .Produces<Rest.PriceResponse>()
            .ProducesValidationProblem();
        api.MapPost("/curves/calibrate", Calibrate)
            .WithName("CalibrateCurve")
            .WithSummary("Calibrates a curve and reads discount factors off it.")
            .RequireAuthorization(XiPRoles.Trader)
            .RequireRateLimiting(CallerRateLimits.Pricing)
            .RequireJson()
            .Accepts<Rest.CalibrateRequest>("application/json")
            .Produces<Rest.CalibrateResponse>()
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<PriceResult, ValidationProblem>> Price(
        HttpRequest request, PricingGateway pricing, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (await JsonBody.ReadBytesAsync(request, options.Value.MaxRequestBodyBytes, errors, cancellationToken) is not { } body)
        {
            return ApiResults.Invalid(errors);
        }

        // the plain request in one pass; anything else through the reader that names every problem
        var (priceRequest, inline) = await PriceRequestFastPath.TryReadAsync(body, options.Value.MaxTradesPerPriceRequest, pricing.InlineMarket, pricing.LoadSnapshotAsync);
        if (priceRequest is null)
        {
            using var document = JsonBody.Parse(body, errors);
            if (document is null)
            {
                return ApiResults.Invalid(errors);
            }

            priceRequest = await PriceRequestReader.ReadAsync(document.RootElement, options.Value.MaxTradesPerPriceRequest, pricing.LoadSnapshotAsync, errors);
            if (priceRequest is null)
            {
                return ApiResults.Invalid(errors);
            }

            inline = document.RootElement.TryGetProperty("marketData", out _);
        }

        try
        {
            return new PriceResult(await pricing.PriceAsync(priceRequest, cancellationToken), pricing.WriterOptions);
        }
        catch (InvalidMarketDataException e)
        {
            return ApiResults.Invalid(inline ? $"marketData.{e.Path}" : "marketDataId", e.Message);
        }
    }

    public static async Task<Results<Ok<Rest.CalibrateResponse>, ValidationProblem>> Calibrate(HttpRequest request, PricingGateway pricing, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        using var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, errors, cancellationToken);
        if (body is null || CalibrateRequestReader.Read(body.RootElement, errors) is not { } calibrate)
        {
            return ApiResults.Invalid(errors);
        }

        try
        {
            return TypedResults.Ok((await pricing.Pricing.CalibrateAsync(calibrate, cancellationToken)).ToContract());
        }
        catch (InvalidMarketDataException e)
        {
            return ApiResults.Invalid("curve", e.Message);
        }
    }
}
