using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace XiP.Gateway.Security;

/// <summary>
/// Token buckets per caller for pricing (<c>XiP:RateLimits:Pricing</c>) and run submission (<c>XiP:RateLimits:Runs</c>):
/// one caller cannot starve the others. The defaults let a single caller price 20,000 requests a second unthrottled.
/// </summary>
public static class CallerRateLimits
{
    public const string Pricing = "pricing";
    public const string Runs = "runs";

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var pricing = Bucket(configuration, "Pricing", tokensPerSecond: 100_000, burst: 100_000);
        var runs = Bucket(configuration, "Runs", tokensPerSecond: 100, burst: 1_000);
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Pricing, context => RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ => pricing));
            limiter.AddPolicy(Runs, context => RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ => runs));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = $"This caller is over its rate; try again in {retryAfter} s.",
                    },
                });
            };
        });
    }

    // unauthenticated calls never get this far
    private static string PartitionOf(HttpContext context) => Caller.Of(context).RateLimitKey;

    private static TokenBucketRateLimiterOptions Bucket(IConfiguration configuration, string name, double tokensPerSecond, int burst)
    {
        var section = configuration.GetSection($"XiP:RateLimits:{name}");
        var rate = section.GetValue("TokensPerSecond", tokensPerSecond);
        var size = section.GetValue("Burst", burst);
        if (rate <= 0 || size <= 0)
        {
            throw new XiP.Hosting.XiPConfigurationException($"XiP:RateLimits:{name}", "TokensPerSecond and Burst must be positive.");
        }

        // whole tokens per period: a rate below one a second replenishes one token every 1/rate seconds
        var (tokens, period) = rate >= 1 ? ((int)Math.Round(rate), TimeSpan.FromSeconds(1)) : (1, TimeSpan.FromSeconds(1 / rate));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = size,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
