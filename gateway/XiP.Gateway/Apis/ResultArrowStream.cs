using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using XiP.Abstractions.Results;

namespace XiP.Gateway.Apis;

/// <summary>
/// A run's whole result set as one Arrow IPC stream (<c>application/vnd.apache.arrow.stream</c>): one record batch per
/// stored block, rows in the JSON pages' order, columns <c>tradeId</c>, <c>book</c>, <c>measure</c>, <c>tradeVersion</c>
/// (int64), <c>values</c> (fixed-size list of float64, base then each scenario; null when the trade failed) and
/// <c>error</c>. The values go out as the block holds them, without a copy; the next block is read while one is written.
/// </summary>
public sealed class ResultArrowStream(IResultReaderGrain reader, string runId, ResultShape shape, string? measure, string? book) : IResult
{
    public const string ContentType = "application/vnd.apache.arrow.stream";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        var schema = Schema(shape.Markets);
        var cancellationToken = httpContext.RequestAborted;
        using var writer = new ArrowStreamWriter(response.Body, schema, leaveOpen: true);
        await writer.WriteStartAsync(cancellationToken);
        var next = shape.Blocks > 0 ? reader.ReadBlockAsync(runId, 0, measure, book) : null;
        for (var block = 0; next is not null; block++)
        {
            var page = await next;
            next = block + 1 < shape.Blocks ? reader.ReadBlockAsync(runId, block + 1, measure, book) : null;
            if (page.Count > 0)
            {
                await writer.WriteRecordBatchAsync(Batch(schema, page, shape.Markets), cancellationToken);
            }
        }

        await writer.WriteEndAsync(cancellationToken);
    }

    public static Schema Schema(int markets) => new Schema.Builder()
        .Field(new Field("tradeId", StringType.Default, nullable: false))
        .Field(new Field("book", StringType.Default, nullable: true))
        .Field(new Field("measure", StringType.Default, nullable: false))
        .Field(new Field("tradeVersion", Int64Type.Default, nullable: false))
        .Field(new Field("values", new FixedSizeListType(new Field("item", DoubleType.Default, nullable: false), markets), nullable: true))
        .Field(new Field("error", StringType.Default, nullable: true))
        .Build();

    private static RecordBatch Batch(Schema schema, ResultPageData page, int markets)
    {
        var n = page.Count;
        var versions = new long[n];
        for (var r = 0; r < n; r++)
        {
            versions[r] = page.TradeVersions[r];
        }

        var (valid, failed) = Validity(page.Errors);
        var items = new DoubleArray(new ArrowBuffer(new BytesOf(page.Values).Memory[..(n * markets * sizeof(double))]), ArrowBuffer.Empty, n * markets, 0, 0);
        var values = new FixedSizeListArray(schema.GetFieldByName("values").DataType, n, items, failed == 0 ? ArrowBuffer.Empty : valid, failed, 0);
        return new RecordBatch(schema,
        [
            Strings(page.TradeIds),
            Strings(page.Books),
            Strings(page.Measures),
            new Int64Array(new ArrowBuffer(MemoryMarshal.AsBytes(versions.AsSpan()).ToArray()), ArrowBuffer.Empty, n, 0, 0),
            values,
            Strings(page.Errors),
        ], n);
    }

    // Valid where there is no error: the values column is null exactly where the error column is not.
    private static (ArrowBuffer Bitmap, int Nulls) Validity(string?[] errors)
    {
        var bits = new byte[(errors.Length + 7) / 8];
        var nulls = 0;
        for (var r = 0; r < errors.Length; r++)
        {
            if (errors[r] is null)
            {
                bits[r >> 3] |= (byte)(1 << (r & 7));
            }
            else
            {
                nulls++;
            }
        }

        return (new ArrowBuffer(bits), nulls);
    }

    private static StringArray Strings(string?[] values)
    {
        var offsets = new int[values.Length + 1];
        var bytes = 0;
        var nulls = 0;
        for (var r = 0; r < values.Length; r++)
        {
            bytes += values[r] is { } value ? Encoding.UTF8.GetByteCount(value) : 0;
            nulls += values[r] is null ? 1 : 0;
            offsets[r + 1] = bytes;
        }

        var data = new byte[bytes];
        var bits = nulls == 0 ? null : new byte[(values.Length + 7) / 8];
        for (var r = 0; r < values.Length; r++)
        {
            if (values[r] is { } value)
            {
                Encoding.UTF8.GetBytes(value, data.AsSpan(offsets[r]));
                if (bits is not null)
                {
                    bits[r >> 3] |= (byte)(1 << (r & 7));
                }
            }
        }

        return new StringArray(values.Length, new ArrowBuffer(MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray()), new ArrowBuffer(data),
            bits is null ? ArrowBuffer.Empty : new ArrowBuffer(bits), nulls, 0);
    }

    /// <summary>The bytes of a double array as memory, so Arrow writes them without a copy.</summary>
    private sealed class BytesOf(double[] values) : System.Buffers.MemoryManager<byte>
    {
        private System.Runtime.InteropServices.GCHandle _pin;

        public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(values.AsSpan());

        public override unsafe System.Buffers.MemoryHandle Pin(int elementIndex = 0)
        {
            if (!_pin.IsAllocated)
            {
                _pin = System.Runtime.InteropServices.GCHandle.Alloc(values, System.Runtime.InteropServices.GCHandleType.Pinned);
            }

            return new System.Buffers.MemoryHandle((byte*)_pin.AddrOfPinnedObject() + elementIndex, default, this);
        }

        public override void Unpin()
        {
            if (_pin.IsAllocated)
            {
                _pin.Free();
            }
        }

        protected override void Dispose(bool disposing) => Unpin();
    }
}
