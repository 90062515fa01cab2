using System.Net.Http.Json;
using System.Text.Json;

namespace XiP.Gateway.Tests;

/// <summary>An embedded gateway on which the demo data set was loaded once, at the start, with the answer of that first load.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public GatewayFactory Factory { get; } = new(GatewayFactory.NewDataDirectory());

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>What the first <c>POST /v1/demo</c> answered.</summary>
    public JsonElement FirstLoad { get; private set; }

    public async Task InitializeAsync()
    {
        Admin = Factory.CreateClient();
        using var response = await Admin.PostAsync("/v1/demo", content: null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /v1/demo answered {(int)response.StatusCode}: {text}");
        FirstLoad = JsonDocument.Parse(text).RootElement;
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Factory.DisposeAsync();
        Directory.Delete(Factory.DataDirectory, recursive: true);
    }
}
