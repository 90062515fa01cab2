using System.Buffers;
using XiP.Pricing.Columnar;

namespace XiP.Results;

/// <summary>The stored form of a block's trade ids, versions and books: what result pages need of its trades.</summary>
public static class TradeKeysCodec
{
    private const int Format = 0x01_4B_52_58; // "XRK" and version 1

    public static byte[] Encode(TradeKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var buffer = new ArrayBufferWriter<byte>(64 + keys.Ids.Length * 32);
        var w = new ColumnWriter(buffer);
        w.Int32(Format);
        w.Strings(keys.Books);
        w.Strings(keys.Ids);
        w.Int32s(keys.Versions);
        w.Int32s(keys.BookIndex);
        return buffer.WrittenSpan.ToArray();
    }

    public static TradeKeys Of(TradeTable table) => new(table.Ids, table.Versions, table.BookIndex, table.Books);

    /// <exception cref="InvalidDataException">The blob is not stored trade keys, or is inconsistent.</exception>
    public static TradeKeys Decode(ReadOnlySpan<byte> data)
    {
        var r = new ColumnReader(data);
        if (r.Int32() != Format)
        {
            throw new InvalidDataException("The stored blob is not a block's trade keys of this format.");
        }

        var books = r.Strings(TradeTableCodec.MaxTrades);
        var ids = r.Strings(TradeTableCodec.MaxTrades);
        var versions = r.Int32s(ids.Length);
        var bookIndex = r.Int32s(ids.Length);
        foreach (var index in bookIndex)
        {
            if ((uint)index >= (uint)books.Length)
            {
                throw new InvalidDataException("A stored trade's book index is outside the block's books.");
            }
        }

        return new TradeKeys(ids, versions, bookIndex, books);
    }
}
