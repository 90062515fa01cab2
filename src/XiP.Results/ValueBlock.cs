using System.Buffers;
using System.Runtime.InteropServices;
using XiP.Pricing.Columnar;

namespace XiP.Results;

/// <summary>
/// One measure's values for one block of a run: trades × markets doubles, trade-major (base first in each
/// trade's row), and the error of each trade that has no values. Stored as a format tag, the two counts, the
/// errors as (trade, text) pairs, padding to 8 bytes and the doubles little-endian, bit for bit (NaN payloads
/// and −0 included); a failed trade's row is zeros.
/// </summary>
public sealed class ValueBlock
{
    private const int Format = 0x01_56_52_58; // "XRV" and version 1

    private ValueBlock(int trades, int markets, double[] values, string?[] errors)
    {
        Trades = trades;
        Markets = markets;
        Values = values;
        Errors = errors;
    }

    public int Trades { get; }

    public int Markets { get; }

    /// <summary>Trades × markets, trade-major.</summary>
    public double[] Values { get; }

    /// <summary>Per trade, why it has no values, or null.</summary>
    public string?[] Errors { get; }

    public ReadOnlySpan<double> Row(int trade) => Values.AsSpan(trade * Markets, Markets);

    /// <summary>The stored form of measure <paramref name="k"/> of <paramref name="values"/>.</summary>
    public static byte[] Encode(BatchValues values, int k)
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
        var buffer = new ArrayBufferWriter<byte>(padded + rows.Length * sizeof(double));
        var w = new ColumnWriter(buffer);
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

        w.Raw(new byte[padded - header]);
        if (failed == 0)
        {
            w.Doubles(rows);
        }
        else
        {
            // a failed trade's row holds whatever the batch left there; stored, it is zeros
            var copy = ArrayPool<double>.Shared.Rent(rows.Length);
            rows.CopyTo(copy);
            for (var t = 0; t < errors.Length; t++)
            {
                if (errors[t] is not null)
                {
                    copy.AsSpan(t * values.Markets, values.Markets).Clear();
                }
            }

            w.Doubles(copy.AsSpan(0, rows.Length));
            ArrayPool<double>.Shared.Return(copy);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="InvalidDataException">The blob is not a value block, or is inconsistent.</exception>
    public static ValueBlock Decode(ReadOnlySpan<byte> data)
    {
        var r = new ColumnReader(data);
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

        // checked before allocating: counts of a damaged header could ask for gigabytes, or overflow
        if ((long)trades * markets * sizeof(double) != data.Length - r.Position)
        {
            throw new InvalidDataException($"A stored value block of {trades} trades × {markets} markets holds {data.Length - r.Position} bytes of values.");
        }

        var values = new double[trades * markets];
        r.Doubles(values);

        return new ValueBlock(trades, markets, values, errors);
    }

    /// <summary>Reads only the counts (for record counts without decoding values).</summary>
    public static int TradesOf(ReadOnlySpan<byte> data)
    {
        var r = new ColumnReader(data);
        return r.Int32() == Format ? r.Count(TradeTableCodec.MaxTrades) : throw new InvalidDataException("The stored blob is not a value block of this format.");
    }
}
