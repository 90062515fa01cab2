using System.Text.Json;
using Microsoft.Extensions.Options;
using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Gateway.Validation;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace XiP.Gateway.Apis;

/// <summary>
/// What the pricing endpoints keep between requests, one per host: the pricing worker's reference (made
/// once: a reference is immutable and thread-safe, and making one builds its proxy and argument copiers by
/// reflection), the market data of recent requests, and how responses are written.
/// </summary>
/// <remarks>
/// In embedded mode a co-hosted compute silo prices <c>POST /v1/price</c> in this process directly (<see cref="ILocalPricing"/>):
/// the stateless worker would be activated on that very silo anyway, and the grain call (message, two thread hops,
/// filters) cost a third of the request's CPU. A cluster-mode gateway, or one whose silo has no compute role, calls the worker.
/// <para>
/// Market data is kept only where keeping it cannot change an answer: a stored snapshot is immutable once
/// stored (a different body under its id is refused), and inline market data is kept under its exact bytes,
/// which validate to the same snapshot every time. Both are bounded and forget the least recently used first.
/// </para>
/// </remarks>
public sealed class PricingGateway(IGrainFactory grains, IOptions<HttpJsonOptions> json, IServiceProvider services)
{
    /// <summary>How many inline market-data bodies, and how many stored snapshots, are kept.</summary>
    public const int InlineMarketCapacity = 64;

    public const int StoredSnapshotCapacity = 256;

    // larger inline market data (thousands of pillars) is validated every time rather than kept
    private const int MaxInlineMarketBytes = 256 * 1024;

    private readonly RecentlyUsed<byte[], MarketDataSpec> _inlineMarkets = new(InlineMarketCapacity, ByteContentComparer.Instance);
    private readonly RecentlyUsed<string, MarketDataSpec> _storedSnapshots = new(StoredSnapshotCapacity, StringComparer.Ordinal);

    /// <summary>The stateless pricing worker of the local silo (embedded mode) or of any silo (cluster mode).</summary>
    public IPricingGrain Pricing { get; } = grains.GetGrain<IPricingGrain>(GrainKeys.StatelessWorker);

    private readonly ILocalPricing? _local = services.GetService<ILocalPricing>();

    /// <summary>Prices <paramref name="request"/>: in this process when a silo is co-hosted, otherwise on the pricing worker.</summary>
    /// <exception cref="InvalidMarketDataException">A curve cannot be calibrated; the path is <c>curves.NAME</c>.</exception>
    public ValueTask<PriceResponse> PriceAsync(PriceRequest request, CancellationToken cancellationToken) =>
        _local is { } local ? ValueTask.FromResult(local.Price(request, cancellationToken)) : new(Pricing.PriceAsync(request, cancellationToken));

    /// <summary>The writer options of the host's JSON serializer (its encoder above all), so a response written by hand reads as the serializer writes it.</summary>
    public JsonWriterOptions WriterOptions { get; } = WriterOptionsOf(json.Value.SerializerOptions);

    /// <summary>
    /// The inline market data <paramref name="marketData"/> (the JSON of a body's <c>marketData</c>) validated, as
    /// kept from a request with these very bytes or read now and kept; null when it has any problem.
    /// </summary>
    public MarketDataSpec? InlineMarket(ReadOnlyMemory<byte> marketData)
    {
        if (_inlineMarkets.TryGetValue(marketData.Span, out var kept))
        {
            return kept;
        }

        var market = PriceRequestFastPath.TryReadMarket(marketData);
        if (market is not null && marketData.Length <= MaxInlineMarketBytes)
        {
            _inlineMarkets.Add(marketData.ToArray(), market);
        }

        return market;
    }

    /// <summary>The stored snapshot <paramref name="snapshotId"/>, or null when none is stored; a snapshot found is kept.</summary>
    public async Task<MarketDataSpec?> LoadSnapshotAsync(string snapshotId)
    {
        if (_storedSnapshots.TryGetValue(snapshotId, out var kept))
        {
            return kept;
        }

        var stored = await grains.GetGrain<IMarketDataGrain>(snapshotId).GetAsync();
        if (stored is not null)
        {
            _storedSnapshots.Add(snapshotId, stored.Snapshot);
        }

        return stored?.Snapshot;
    }

    private static JsonWriterOptions WriterOptionsOf(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        IndentCharacter = options.IndentCharacter,
        IndentSize = options.IndentSize,
        NewLine = options.NewLine,
        MaxDepth = options.MaxDepth,
    };
}
