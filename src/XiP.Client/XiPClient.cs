using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using XiP.Contracts;
using XiP.Contracts.Demo;
using XiP.Contracts.Pricing;

namespace XiP.Client;

/// <summary>
/// A typed client of the XiP REST API (v1) over an <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/>
/// is the gateway. An error status becomes an <see cref="XiPApiException"/>; a gateway that cannot be reached
/// surfaces as the <see cref="HttpRequestException"/> the HttpClient throws.
/// </summary>
/// <remarks>
/// Documents whose shape the server validates field by field (market data, trades, scenario sets, price
/// requests) are taken as any value serialized with <see cref="ContractJson.Options"/> (<c>JsonNode</c>,
/// <c>JsonElement</c>, the server's own wire records), or, by the <c>…JsonAsync</c> methods, as a
/// <see cref="Stream"/> of JSON sent as it is read. (Separate names, because a generic overload would
/// win over a <see cref="Stream"/> parameter for a <see cref="FileStream"/>.)
/// </remarks>
public sealed partial class XiPClient(HttpClient http, XiPClientOptions? options = null)
{
    /// <summary>The media type of newline-delimited JSON, one trade per line.</summary>
    public const string NdjsonMediaType = "application/x-ndjson";

    /// <summary>The header an API key travels in.</summary>
    public const string ApiKeyHeader = "X-API-Key";

    private const string JsonMediaType = "application/json";

    private readonly XiPClientOptions _options = options ?? new XiPClientOptions();

    /// <summary>Prices trades for measures: <paramref name="request"/> is a <c>/v1/price</c> body (marketData or marketDataId, trades, measures).</summary>
    public Task<PriceResponse> PriceJsonAsync(Stream request, CancellationToken cancellationToken = default) =>
        SendAsync<PriceResponse>(HttpMethod.Post, "v1/price", Raw(request), cancellationToken);

    /// <inheritdoc cref="PriceJsonAsync(Stream, CancellationToken)"/>
    public Task<PriceResponse> PriceAsync<TRequest>(TRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PriceResponse>(HttpMethod.Post, "v1/price", Json(request), cancellationToken);

    /// <summary>Stores a market-data snapshot under <paramref name="snapshotId"/>; storing the same snapshot again is harmless, a different one is a 409.</summary>
    public Task<StoredMarketData> PutMarketDataAsync<TMarketData>(string snapshotId, TMarketData marketData, CancellationToken cancellationToken = default) =>
        SendAsync<StoredMarketData>(HttpMethod.Put, $"v1/market-data/{Segment(snapshotId)}", Json(marketData), cancellationToken);

    /// <inheritdoc cref="PutMarketDataAsync{TMarketData}(string, TMarketData, CancellationToken)"/>
    public Task<StoredMarketData> PutMarketDataJsonAsync(string snapshotId, Stream marketData, CancellationToken cancellationToken = default) =>
        SendAsync<StoredMarketData>(HttpMethod.Put, $"v1/market-data/{Segment(snapshotId)}", Raw(marketData), cancellationToken);

    public Task<StoredMarketData> GetMarketDataAsync(string snapshotId, CancellationToken cancellationToken = default) =>
        SendAsync<StoredMarketData>(HttpMethod.Get, $"v1/market-data/{Segment(snapshotId)}", null, cancellationToken);

    /// <summary>Stores a scenario set under <paramref name="id"/>; like snapshots, a stored set never changes.</summary>
    public Task<StoredScenarioSet> PutScenarioSetAsync<TScenarioSet>(string id, TScenarioSet scenarioSet, CancellationToken cancellationToken = default) =>
        SendAsync<StoredScenarioSet>(HttpMethod.Put, $"v1/scenario-sets/{Segment(id)}", Json(scenarioSet), cancellationToken);

    /// <inheritdoc cref="PutScenarioSetAsync{TScenarioSet}(string, TScenarioSet, CancellationToken)"/>
    public Task<StoredScenarioSet> PutScenarioSetJsonAsync(string id, Stream scenarioSet, CancellationToken cancellationToken = default) =>
        SendAsync<StoredScenarioSet>(HttpMethod.Put, $"v1/scenario-sets/{Segment(id)}", Raw(scenarioSet), cancellationToken);

    public Task<StoredScenarioSet> GetScenarioSetAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<StoredScenarioSet>(HttpMethod.Get, $"v1/scenario-sets/{Segment(id)}", null, cancellationToken);

    /// <summary>Stores one trade; a changed definition becomes its next version.</summary>
    public Task<TradeVersion> PutTradeAsync<TTrade>(string tradeId, TTrade trade, CancellationToken cancellationToken = default) =>
        SendAsync<TradeVersion>(HttpMethod.Put, $"v1/trades/{Segment(tradeId)}", Json(trade), cancellationToken);

    /// <summary>Reads a trade at its current version, or at <paramref name="version"/>.</summary>
    public Task<StoredTrade> GetTradeAsync(string tradeId, int? version = null, CancellationToken cancellationToken = default) =>
        SendAsync<StoredTrade>(HttpMethod.Get, $"v1/trades/{Segment(tradeId)}" + (version is { } v ? $"?version={v}" : string.Empty), null, cancellationToken);

    /// <summary>
    /// Uploads trades from <paramref name="source"/> as they are read: a JSON array, or NDJSON (one trade per line)
    /// when <paramref name="ndjson"/> (the server also takes a body not starting with '[' as NDJSON). The stream is
    /// disposed with the request. All or nothing: one invalid trade stores none.
    /// </summary>
    public Task<TradeUpload> UploadTradesJsonAsync(Stream source, bool ndjson, CancellationToken cancellationToken = default) =>
        SendAsync<TradeUpload>(HttpMethod.Post, "v1/trades", Raw(source, ndjson ? NdjsonMediaType : JsonMediaType), cancellationToken);

    /// <summary>Uploads <paramref name="trades"/> as NDJSON, serializing each while the body is sent, so a large book is never held as one document.</summary>
    public Task<TradeUpload> UploadTradesAsync<TTrade>(IAsyncEnumerable<TTrade> trades, CancellationToken cancellationToken = default) =>
        SendAsync<TradeUpload>(HttpMethod.Post, "v1/trades", new NdjsonContent<TTrade>(trades), cancellationToken);

    /// <inheritdoc cref="UploadTradesAsync{TTrade}(IAsyncEnumerable{TTrade}, CancellationToken)"/>
    public Task<TradeUpload> UploadTradesAsync<TTrade>(IEnumerable<TTrade> trades, CancellationToken cancellationToken = default) =>
        UploadTradesAsync(trades.ToAsyncEnumerable(), cancellationToken);

    /// <summary>Loads the demo data set (books of every product, snapshot 'demo', scenario sets); loading it again changes nothing.</summary>
    public Task<DemoLoaded> LoadDemoAsync(CancellationToken cancellationToken = default) =>
        SendAsync<DemoLoaded>(HttpMethod.Post, "v1/demo", null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = Authenticated(new HttpRequestMessage(method, path) { Content = content });
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(ContractJson.Options, cancellationToken)
            ?? throw new JsonException($"{method} {path} answered with an empty body.");
    }

    private HttpRequestMessage Authenticated(HttpRequestMessage request)
    {
        if (_options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Remove(ApiKeyHeader);
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, key);
        }

        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await XiPApiException.FromResponseAsync(response, cancellationToken);
        }
    }

    private static JsonContent Json<T>(T value) => JsonContent.Create(value, options: ContractJson.Options);

    private static StreamContent Raw(Stream body, string mediaType = JsonMediaType) =>
        new(body) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } };

    private static string Segment(string id) => Uri.EscapeDataString(id);
}
