using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using XiP.Pricing.Columnar;

namespace XiP.Trades;

/// <summary>
/// A 128-bit hash of a trade's whole definition (id, book, product and every term, names and dates included):
/// storing a trade whose hash equals its current version's changes nothing.
/// </summary>
public static class TradeHash
{
    public const int Length = 16;

    // one scratch buffer per thread: an upload hashes every trade it stores
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static byte[] Of(TradeTable table, int index)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        Write(table, index, buffer);
        return XxHash128.Hash(buffer.WrittenSpan);
    }

    private static void Write(TradeTable t, int i, ArrayBufferWriter<byte> w)
    {
        String(w, t.Ids[i]);
        String(w, t.BookOf(i));
        Byte(w, (byte)t.Products[i]);
        var row = t.Rows[i];
        switch (t.Products[i])
        {
            case ProductKind.EuropeanOption:
                var e = t.European;
                Double(w, e.Quantity[row]);
                String(w, t.Names[e.Underlying[row]]);
                String(w, t.Names[e.Curve[row]]);
                Byte(w, e.Put[row]);
                Double(w, e.Strike[row]);
                Int(w, e.ExpiryDay[row]);
                break;
            case ProductKind.GeometricAsianOption:
                var a = t.Asian;
                Double(w, a.Quantity[row]);
                String(w, t.Names[a.Underlying[row]]);
                String(w, t.Names[a.Curve[row]]);
                Byte(w, a.Put[row]);
                Double(w, a.Strike[row]);
                Int(w, a.ExpiryDay[row]);
                Byte(w, a.Continuous[row]);
                Int(w, a.FixingOffsets[row + 1] - a.FixingOffsets[row]);
                for (var k = a.FixingOffsets[row]; k < a.FixingOffsets[row + 1]; k++)
                {
                    Int(w, a.FixingDays[k]);
                }

                break;
            case ProductKind.InterestRateSwap:
                var s = t.Swaps;
                Double(w, s.Quantity[row]);
                Double(w, s.Notional[row]);
                Double(w, s.FixedRate[row]);
                Int(w, s.StartDay[row]);
                Int(w, s.MaturityDay[row]);
                Byte(w, s.ReceiveFixed[row]);
                Byte(w, s.FixedMonths[row]);
                Byte(w, s.FloatMonths[row]);
                String(w, t.Names[s.Curve[row]]);
                Double(w, s.CurrentFixing[row]);
                break;
            case ProductKind.FixedRateBond:
                var b = t.Bonds;
                Double(w, b.Quantity[row]);
                Double(w, b.FaceValue[row]);
                Double(w, b.CouponRate[row]);
                Byte(w, b.Months[row]);
                Int(w, b.IssueDay[row]);
                Int(w, b.MaturityDay[row]);
                String(w, t.Names[b.Curve[row]]);
                break;
            default:
                throw new InvalidDataException($"Trade {i} has an unknown product.");
        }
    }

    private static void String(ArrayBufferWriter<byte> w, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Int(w, length);
        w.Advance(Encoding.UTF8.GetBytes(value, w.GetSpan(length)));
    }

    private static void Byte(ArrayBufferWriter<byte> w, byte value)
    {
        w.GetSpan(1)[0] = value;
        w.Advance(1);
    }

    private static void Int(ArrayBufferWriter<byte> w, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(w.GetSpan(4), value);
        w.Advance(4);
    }

    private static void Double(ArrayBufferWriter<byte> w, double value)
    {
        // −0 and 0 are different definitions only if someone means them to be; bits keep it exact
        BinaryPrimitives.WriteInt64LittleEndian(w.GetSpan(8), BitConverter.DoubleToInt64Bits(value));
        w.Advance(8);
    }
}
