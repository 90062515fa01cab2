using System.Net.ServerSentEvents;
using System.Text.Json;

namespace XiP.Cluster.Tests;

/// <summary>A subscription's event stream through the gateway, read one update at a time (each read bounded in time).</summary>
internal sealed class EventStream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> items, CancellationTokenSource timeout) : IAsyncDisposable
{
    public static async Task<EventStream> OpenAsync(HttpClient gateway, string path)
    {
        var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var response = await gateway.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        return new EventStream(response, SseParser.Create(stream).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token), timeout);
    }

    public async Task<JsonElement> NextAsync()
    {
        Assert.True(await items.MoveNextAsync(), "the stream ended");
        return JsonDocument.Parse(items.Current.Data).RootElement;
    }

    /// <summary>The first update at <paramref name="version"/> or later (earlier ones may be folded into it).</summary>
    public async Task<JsonElement> UntilVersionAsync(long version)
    {
        JsonElement update;
        do
        {
            update = await NextAsync();
        }
        while (update.GetProperty("version").GetInt64() < version);
        return update;
    }

    public async ValueTask DisposeAsync()
    {
        await items.DisposeAsync();
        response.Dispose();
        timeout.Dispose();
    }
}
