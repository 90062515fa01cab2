using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XiP.Gateway.Tests;

/// <summary>State changes leave an audit line (who, what, when) in <c>XiP.Audit</c>; the OpenAPI document says how to authenticate.</summary>
public sealed class AuditAndOpenApiTests
{
    [Fact]
    public async Task AStateChangeIsAuditedWithWhoWhatAndWhenAndARefusedOneOrAPriceIsNot()
    {
        var lines = new AuditLines();
        var directory = GatewayFactory.NewDataDirectory();
        try
        {
            await using var factory = new GatewayFactory(directory, configure: b =>
            {
                b.UseSetting("Logging:LogLevel:XiP.Audit", "Information");
                b.UseSetting("XiP:Auth:ApiKeys:viewer:Key", "audit-viewer-key-000000");
                b.UseSetting("XiP:Auth:ApiKeys:viewer:Roles", "viewer");
                b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(lines));
            });
            using var admin = factory.CreateClient();
            using var viewer = factory.CreateDefaultClient();
            viewer.DefaultRequestHeaders.Remove("X-API-Key");
            viewer.DefaultRequestHeaders.Add("X-API-Key", "audit-viewer-key-000000");

            Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync("/v1/market-data/audited", Requests.MarketData())).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/v1/market-data/refused", Requests.MarketData())).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/v1/price", Requests.Price())).StatusCode);

            var line = Assert.Single(lines.Messages);
            Assert.Contains("test-admin", line);
            Assert.Contains("PUT /v1/market-data/audited", line);
            Assert.Contains("201", line);
            Assert.Matches(@"\d{4}-\d\d-\d\dT", line);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresTheSchemesAndEachOperationsRequirement()
    {
        var directory = GatewayFactory.NewDataDirectory();
        try
        {
            await using var factory = new GatewayFactory(directory);
            using var anonymous = factory.CreateDefaultClient();
            anonymous.DefaultRequestHeaders.Remove("X-API-Key");

            var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

            var schemes = document.GetProperty("components").GetProperty("securitySchemes");
            Assert.Equal("X-API-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
            Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
            Assert.Equal("cookie", schemes.GetProperty("session").GetProperty("in").GetString());
            var price = document.GetProperty("paths").GetProperty("/v1/price").GetProperty("post");
            Assert.Equal(3, price.GetProperty("security").GetArrayLength());
            Assert.Contains("`trader`", price.GetProperty("description").GetString());
            Assert.False(document.GetProperty("paths").TryGetProperty("/health", out var health) && health.GetProperty("get").TryGetProperty("security", out _));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The messages logged under the audit category.</summary>
    private sealed class AuditLines : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => [.. _messages];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName == "XiP.Audit" ? _messages : null);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string>? messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => messages is not null && logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages?.Enqueue(formatter(state, exception));
        }
    }
}
