using System.Runtime.InteropServices;
using XiP.Pricing.Columnar;

namespace XiP.Results;

/// <summary>
/// One measure's values for one block of a run: trades × markets doubles, trade-major (base first in each
/// trade's row), and the error of each trade that has no values. Stored as a format tag, the two counts, the
/// errors as (trade, text) pairs, padding to 8 bytes and the doubles little-endian, bit for bit (NaN payloads
/// and −0 included); a failed trade's row is zeros.
/// </summary>
public sealed class ValueBlock : IDisposable
{
    private const int Format = 0x01_56_52_58; // "XRV" and version 1

    private readonly ReadOnlyMemory<byte> _values;
    private readonly IDisposable? _owner;

    private ValueBlock(int trades, int markets, ReadOnlyMemory<byte> values, string?[] errors, IDisposable? owner)
    {
        Trades = trades;
        Markets = markets;
        _values = values;
        Errors = errors;
        _owner = owner;
    }

    public int Trades { get; }

    public int Markets { get; }

    /// <summary>Trades × markets, trade-major (a copy; <see cref="Row"/> reads in place).</summary>
    public double[] Values => MemoryMarshal.Cast<byte, double>(_values.Span).ToArray();

    /// <summary>Per trade, why it has no values, or null.</summary>
    public string?[] Errors { get; }

    /// <summary>One trade's values, read in place from the stored blob.</summary>
    public ReadOnlySpan<double> Row(int trade) => MemoryMarshal.Cast<byte, double>(_values.Span).Slice(trade * Markets, Markets);

    /// <summary>Gives the blob's buffer back, when it came from a pool; the block is not read after.</summary>
    public void Dispose() => _owner?.Dispose();

    /// <summary>The stored form of measure <paramref name="k"/> of <paramref name="values"/>.</summary>
    public static byte[] Encode(BatchValues values, int k)
    {
        var buffer = new byte[EncodedLength(values, k)];
        EncodeInto(values, k, buffer);
        return buffer;
    }

    /// <summary>The stored form's length in bytes.</summary>
    public static int EncodedLength(BatchValues values, int k)
    {
        ArgumentNullException.ThrowIfNull(values);
        var errorBytes = 0;
        foreach (var error in values.Errors(k))
        {
            errorBytes += error is null ? 0 : 8 + System.Text.Encoding.UTF8.GetByteCount(error);
        }

        return ((16 + errorBytes + 7) & ~7) + values.Trades * values.Markets * sizeof(double);
    }

    /// <summary>Writes the stored form of measure <paramref name="k"/> into <paramref name="destination"/> (<see cref="EncodedLength"/> bytes).</summary>
    public static void EncodeInto(BatchValues values, int k, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(values);
        var errors = values.Errors(k);
        var rows = values.Values(k);
        var failed = 0;
        var errorBytes = 0;
        for (var t = 0; t < errors.Length; t++)
        {
            if (errors[t] is { } error)
            {
                failed++;
                errorBytes += 8 + System.Text.Encoding.UTF8.GetByteCount(error);
            }
        }

        var header = 16 + errorBytes;
        var padded = (header + 7) & ~7;
        if (destination.Length != padded + rows.Length * sizeof(double))
        {
            throw new ArgumentException($"A value block of this batch takes {padded + rows.Length * sizeof(double)} bytes.", nameof(destination));
        }

        var w = new SpanWriter(destination);
        w.Int32(Format);
        w.Int32(values.Trades);
        w.Int32(values.Markets);
        w.Int32(failed);
        for (var t = 0; t < errors.Length; t++)
        {
            if (errors[t] is { } error)
            {
                w.Int32(t);
                w.String(error);
            }
        }

        destination[header..padded].Clear();
        var stored = MemoryMarshal.Cast<byte, double>(destination[padded..]);
        rows.CopyTo(stored);

        // a failed trade's row holds whatever the batch left there; stored, it is zeros
        for (var t = 0; failed > 0 && t < errors.Length; t++)
        {
            if (errors[t] is not null)
            {
                stored.Slice(t * values.Markets, values.Markets).Clear();
            }
        }
    }

    /// <exception cref="InvalidDataException">The blob is not a value block, or is inconsistent.</exception>
    public static ValueBlock Decode(ReadOnlyMemory<byte> data) => Decode(data, owner: null);

    /// <summary>Reads a block in place from <paramref name="data"/>, which <paramref name="owner"/> gives back when the block is disposed.</summary>
    /// <exception cref="InvalidDataException">The blob is not a value block, or is inconsistent.</exception>
    public static ValueBlock Decode(ReadOnlyMemory<byte> data, IDisposable? owner)
    {
        var r = new ColumnReader(data.Span);
        if (r.Int32() != Format)
        {
            throw new InvalidDataException("The stored blob is not a value block of this format.");
        }

        var trades = r.Count(TradeTableCodec.MaxTrades);
        var markets = r.Count(1_000_000);
        var failed = r.Count(trades);
        var errors = new string?[trades];
        for (var i = 0; i < failed; i++)
        {
            var t = r.Count(trades - 1);
            errors[t] = r.String();
        }

        r.Skip(((r.Position + 7) & ~7) - r.Position);

        // checked against the bytes: counts of a damaged header could claim gigabytes, or overflow
        if ((long)trades * markets * sizeof(double) != data.Length - r.Position)
        {
            throw new InvalidDataException($"A stored value block of {trades} trades × {markets} markets holds {data.Length - r.Position} bytes of values.");
        }

        return new ValueBlock(trades, markets, data[r.Position..], errors, owner);
    }

    /// <summary>Reads only the counts (for record counts without decoding values).</summary>
    public static int TradesOf(ReadOnlySpan<byte> data)
    {
        var r = new ColumnReader(data);
        return r.Int32() == Format ? r.Count(TradeTableCodec.MaxTrades) : throw new InvalidDataException("The stored blob is not a value block of this format.");
    }

    /// <summary>Little-endian writes into a span of known size.</summary>
    private ref struct SpanWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;
        private int _position;

        public void Int32(int value)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_destination[_position..], value);
            _position += sizeof(int);
        }

        public void String(string value)
        {
            var length = System.Text.Encoding.UTF8.GetByteCount(value);
            Int32(length);
            _position += System.Text.Encoding.UTF8.GetBytes(value, _destination[_position..]);
        }
    }
}
