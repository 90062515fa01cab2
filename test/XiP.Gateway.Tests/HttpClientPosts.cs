using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>Posting bodies as the tests send them: JSON nodes, or raw text that may not be JSON at all.</summary>
internal static class HttpClientPosts
{
    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, JsonNode body) => client.PostAsJsonAsync(path, body);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
}
