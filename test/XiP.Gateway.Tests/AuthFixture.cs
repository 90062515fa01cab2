using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace XiP.Gateway.Tests;

/// <summary>
/// A gateway with keys of every role (entitled to books <c>desk-a*</c> or <c>desk-b</c>), a JWT issuer with a symmetric key,
/// and stored data to call about: market data, a scenario set, a trade in each desk and a completed run over each.
/// </summary>
public sealed class AuthFixture : IAsyncLifetime
{
    public const string BookA = "desk-a1";
    public const string BookB = "desk-b";
    public const string Issuer = "https://idp.xip.test";
    public const string Audience = "xip-api";

    public static readonly byte[] SigningKey = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    public static readonly Dictionary<string, (string Key, string Roles, string Books)> Keys = new()
    {
        ["viewer-a"] = ("viewer-a-key-000000000000", "viewer", "desk-a*"),
        ["trader-a"] = ("trader-a-key-000000000000", "trader", "desk-a*"),
        ["trader-b"] = ("trader-b-key-000000000000", "trader", "desk-b"),
    };

    public GatewayFactory Factory { get; } = new(GatewayFactory.NewDataDirectory(), configure: Configure);

    /// <summary>The admin's client (the factory's default key).</summary>
    public HttpClient Admin { get; private set; } = null!;

    public string MarketDataId { get; } = "auth-md";

    public string ScenarioSetId { get; } = "auth-ss";

    public string TradeA { get; } = "auth-trade-a";

    public string TradeB { get; } = "auth-trade-b";

    /// <summary>A completed run over <see cref="BookA"/> submitted by trader-a.</summary>
    public string RunA { get; private set; } = null!;

    /// <summary>A completed run over <see cref="BookA"/> submitted by the admin.</summary>
    public string RunAByAdmin { get; private set; } = null!;

    private static void Configure(IWebHostBuilder builder)
    {
        foreach (var (name, (key, roles, books)) in Keys)
        {
            builder.UseSetting($"XiP:Auth:ApiKeys:{name}:Key", key);
            builder.UseSetting($"XiP:Auth:ApiKeys:{name}:Roles", roles);
            builder.UseSetting($"XiP:Auth:ApiKeys:{name}:Books", books);
        }

        builder.UseSetting("XiP:Auth:Jwt:Issuer", Issuer);
        builder.UseSetting("XiP:Auth:Jwt:Audience", Audience);
        builder.UseSetting("XiP:Auth:Jwt:SigningKeys:0", Convert.ToBase64String(SigningKey));
    }

    /// <summary>A client that sends <paramref name="key"/> in X-API-Key (none for null).</summary>
    public HttpClient WithKey(string? key)
    {
        // the factory's clients carry the admin key by default
        var client = Factory.CreateDefaultClient();
        client.DefaultRequestHeaders.Remove("X-API-Key");
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", key);
        }

        return client;
    }

    public HttpClient WithToken(string token)
    {
        var client = Factory.CreateDefaultClient();
        client.DefaultRequestHeaders.Remove("X-API-Key");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A token as the site's identity provider would issue it, with the ways to get one wrong.</summary>
    public static string Token(
        string subject, string roles, string books, DateTime? expires = null, string audience = Audience, byte[]? key = null, bool booksAsArray = false)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["roles"] = roles,
            ["xip:books"] = booksAsArray ? books.Split(',') : books,
        };
        var now = DateTime.UtcNow;
        var until = expires ?? now.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = until.AddMinutes(-20),
            NotBefore = until.AddMinutes(-20),
            Expires = until,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }

    public async Task InitializeAsync()
    {
        Admin = Factory.CreateClient();
        (await Admin.PutAsJsonAsync($"/v1/market-data/{MarketDataId}", Requests.MarketData())).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync($"/v1/scenario-sets/{ScenarioSetId}", ScenarioSet())).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync($"/v1/trades/{TradeA}", Trade(TradeA, BookA))).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync($"/v1/trades/{TradeB}", Trade(TradeB, BookB))).EnsureSuccessStatusCode();

        using var traderA = WithKey(Keys["trader-a"].Key);
        RunA = (await RunClient.SubmitAsync(traderA, Run(BookA))).RunId;
        RunAByAdmin = (await RunClient.SubmitAsync(Admin, Run(BookA))).RunId;
        await RunClient.ReadEventsAsync(Admin, RunA);
        await RunClient.ReadEventsAsync(Admin, RunAByAdmin);
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
        Directory.Delete(Factory.DataDirectory, recursive: true);
    }

    public static JsonObject Trade(string id, string book)
    {
        var trade = Requests.European();
        trade["id"] = id;
        trade["book"] = book;
        return trade;
    }

    public static JsonObject ScenarioSet() => new()
    {
        ["scenarios"] = new JsonArray(new JsonObject
        {
            ["id"] = "up",
            ["shifts"] = new JsonArray(new JsonObject { ["target"] = "equity:*", ["kind"] = "spotRelative", ["amount"] = 0.01 }),
        }),
    };

    public JsonObject Run(string book, string? clientRunId = null) => new()
    {
        ["book"] = book,
        ["marketDataId"] = MarketDataId,
        ["scenarioSetId"] = ScenarioSetId,
        ["measures"] = new JsonArray("pv"),
        ["clientRunId"] = clientRunId ?? Guid.NewGuid().ToString("N"),
    };

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

[CollectionDefinition(Name)]
public sealed class AuthCollection : ICollectionFixture<AuthFixture>
{
    public const string Name = nameof(AuthCollection);
}
