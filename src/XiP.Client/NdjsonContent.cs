using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using XiP.Contracts;

namespace XiP.Client;

/// <summary>
/// A request body written as NDJSON while it is sent, one item per line: the items are serialized one at
/// a time straight into the connection, never gathered into one buffer.
/// </summary>
internal sealed class NdjsonContent<T> : HttpContent
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly IAsyncEnumerable<T> _items;

    public NdjsonContent(IAsyncEnumerable<T> items)
    {
        _items = items;
        Headers.ContentType = new MediaTypeHeaderValue(XiPClient.NdjsonMediaType) { CharSet = "utf-8" };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await foreach (var item in _items.WithCancellation(cancellationToken))
        {
            await JsonSerializer.SerializeAsync(stream, item, ContractJson.Options, cancellationToken);
            await stream.WriteAsync(NewLine, cancellationToken);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
