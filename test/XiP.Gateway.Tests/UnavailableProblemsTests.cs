using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using XiP.Abstractions;

namespace XiP.Gateway.Tests;

/// <summary>A store or the cluster failing under a request answers 503 problem+json with Retry-After; anything else is left to the next handler.</summary>
public sealed class UnavailableProblemsTests
{
    public static TheoryData<Exception> Unavailable() => new()
    {
        new StorageUnavailableException("The store failed: PostgresException: 53300: sorry, too many clients already"),
        new TimeoutException("Response did not arrive on time in 00:00:30"),
        new SiloUnavailableException("The silo is gone"),
        new OrleansException("Error from storage provider during ReadStateAsync", new StorageUnavailableException("The grain state store failed")),
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public async Task A_failure_that_passes_is_a_503_with_retry_after(Exception failure)
    {
        var (handler, context, body) = Setup();

        Assert.True(await handler.TryHandleAsync(context, failure, CancellationToken.None));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(UnavailableProblems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        body.Position = 0;
        Assert.Equal(503, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_fault_of_the_call_is_not_dressed_up_as_unavailable()
    {
        var (handler, context, _) = Setup();

        Assert.False(await handler.TryHandleAsync(context, new InvalidOperationException("a bug"), CancellationToken.None));
        Assert.False(await handler.TryHandleAsync(context, new OrleansException("Error from storage provider", new InvalidCastException("state of another type")), CancellationToken.None));
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    private static (UnavailableProblems Handler, HttpContext Context, MemoryStream Body) Setup()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = body;
        context.Request.Method = "PUT";
        context.Request.Path = "/v1/trades/t-1";
        return (new UnavailableProblems(services.GetRequiredService<IProblemDetailsService>(), NullLogger<UnavailableProblems>.Instance), context, body);
    }
}
