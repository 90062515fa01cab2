using System.Buffers;

namespace XiP.Pricing.Columnar;

/// <summary>
/// The stored form of a <see cref="TradeTable"/>: a format tag, the trade count, the name and book
/// dictionaries, ids, versions, books and products, then each product's columns. Positions and rows are not
/// stored: they follow from the product column. Ids, versions and books come first, so a reader that needs
/// only them (<see cref="DecodeKeys"/>) stops there.
/// </summary>
public static class TradeTableCodec
{
    private const int Format = 0x01_54_54_58; // "XTT" and version 1, little-endian

    /// <summary>The most trades one stored table may hold.</summary>
    public const int MaxTrades = 16 * 1024 * 1024;

    public static byte[] Encode(TradeTable table)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + table.Count * 64);
        Encode(table, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Encode(TradeTable table, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(table);
        var w = new ColumnWriter(output);
        w.Int32(Format);
        w.Int32(table.Count);
        w.Strings(table.Books);
        w.Strings(table.Ids);
        w.Int32s(table.Versions);
        w.Int32s(table.BookIndex);
        w.Strings(table.Names);
        w.Bytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(table.Products.AsSpan()));

        var e = table.European;
        w.Int32(e.Count);
        w.Doubles(e.Quantity);
        w.Int32s(e.Underlying);
        w.Int32s(e.Curve);
        w.Bytes(e.Put);
        w.Doubles(e.Strike);
        w.Int32s(e.ExpiryDay);

        var a = table.Asian;
        w.Int32(a.Count);
        w.Doubles(a.Quantity);
        w.Int32s(a.Underlying);
        w.Int32s(a.Curve);
        w.Bytes(a.Put);
        w.Doubles(a.Strike);
        w.Int32s(a.ExpiryDay);
        w.Bytes(a.Continuous);
        w.Int32s(a.FixingOffsets);
        w.Int32s(a.FixingDays);

        var s = table.Swaps;
        w.Int32(s.Count);
        w.Doubles(s.Quantity);
        w.Doubles(s.Notional);
        w.Doubles(s.FixedRate);
        w.Int32s(s.StartDay);
        w.Int32s(s.MaturityDay);
        w.Bytes(s.ReceiveFixed);
        w.Bytes(s.FixedMonths);
        w.Bytes(s.FloatMonths);
        w.Int32s(s.Curve);
        w.Doubles(s.CurrentFixing);

        var b = table.Bonds;
        w.Int32(b.Count);
        w.Doubles(b.Quantity);
        w.Doubles(b.FaceValue);
        w.Doubles(b.CouponRate);
        w.Bytes(b.Months);
        w.Int32s(b.IssueDay);
        w.Int32s(b.MaturityDay);
        w.Int32s(b.Curve);
    }

    /// <summary>The ids, versions and books of a stored table, without its product columns.</summary>
    /// <exception cref="InvalidDataException">The data is not a stored trade table.</exception>
    public static TradeKeys DecodeKeys(ReadOnlySpan<byte> data)
    {
        var r = new ColumnReader(data);
        return ReadKeys(ref r);
    }

    /// <exception cref="InvalidDataException">The data is not a stored trade table, or is inconsistent.</exception>
    public static TradeTable Decode(ReadOnlySpan<byte> data)
    {
        var r = new ColumnReader(data);
        var keys = ReadKeys(ref r);
        var n = keys.Ids.Length;
        var names = r.Strings(MaxTrades * 2);
        var products = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ProductKind>(r.Raw(n)).ToArray();
        var counts = new int[4];
        var rows = new int[n];
        var positions = new int[4][];
        foreach (var product in products)
        {
            if ((byte)product > 3)
            {
                throw new InvalidDataException($"A stored trade has an unknown product {(byte)product}.");
            }

            counts[(int)product]++;
        }

        for (var k = 0; k < 4; k++)
        {
            positions[k] = new int[counts[k]];
        }

        var next = new int[4];
        for (var i = 0; i < n; i++)
        {
            var k = (int)products[i];
            rows[i] = next[k];
            positions[k][next[k]++] = i;
        }

        var european = ReadEuropean(ref r, positions[0], names.Length);
        var asian = ReadAsian(ref r, positions[1], names.Length);
        var swaps = ReadSwaps(ref r, positions[2], names.Length);
        var bonds = ReadBonds(ref r, positions[3], names.Length);
        if (!r.AtEnd)
        {
            throw new InvalidDataException("A stored trade table has bytes after its last column.");
        }

        return new TradeTable(keys.Ids, keys.Versions, keys.BookIndex, keys.Books, names, products, rows, european, asian, swaps, bonds);
    }

    private static TradeKeys ReadKeys(ref ColumnReader r)
    {
        if (r.Int32() != Format)
        {
            throw new InvalidDataException("The data is not a stored trade table of this format.");
        }

        var n = r.Count(MaxTrades);
        var books = r.Strings(MaxTrades);
        var ids = r.Strings(MaxTrades);
        if (ids.Length != n)
        {
            throw new InvalidDataException($"A stored trade table of {n} trades has {ids.Length} ids.");
        }

        var versions = r.Int32s(n);
        var bookIndex = r.Int32s(n);
        CheckIndexes(bookIndex, books.Length, "book");
        return new TradeKeys(ids, versions, bookIndex, books);
    }

    private static EuropeanColumns ReadEuropean(ref ColumnReader r, int[] position, int names)
    {
        var n = Expect(ref r, position.Length);
        var quantity = r.Doubles(n);
        var underlying = CheckIndexes(r.Int32s(n), names, "name");
        var curve = CheckIndexes(r.Int32s(n), names, "name");
        return new EuropeanColumns(position, quantity, underlying, curve, r.Bytes(n), r.Doubles(n), r.Int32s(n));
    }

    private static AsianColumns ReadAsian(ref ColumnReader r, int[] position, int names)
    {
        var n = Expect(ref r, position.Length);
        var quantity = r.Doubles(n);
        var underlying = CheckIndexes(r.Int32s(n), names, "name");
        var curve = CheckIndexes(r.Int32s(n), names, "name");
        var put = r.Bytes(n);
        var strike = r.Doubles(n);
        var expiry = r.Int32s(n);
        var continuous = r.Bytes(n);
        var offsets = r.Int32s(n + 1);
        if (offsets[0] != 0)
        {
            throw new InvalidDataException("Stored fixing offsets do not start at 0.");
        }

        for (var i = 0; i < n; i++)
        {
            if (offsets[i + 1] < offsets[i])
            {
                throw new InvalidDataException("Stored fixing offsets go backwards.");
            }
        }

        return new AsianColumns(position, quantity, underlying, curve, put, strike, expiry, continuous, offsets, r.Int32s(offsets[n]));
    }

    private static SwapColumns ReadSwaps(ref ColumnReader r, int[] position, int names)
    {
        var n = Expect(ref r, position.Length);
        var quantity = r.Doubles(n);
        var notional = r.Doubles(n);
        var fixedRate = r.Doubles(n);
        var start = r.Int32s(n);
        var maturity = r.Int32s(n);
        var receive = r.Bytes(n);
        var fixedMonths = r.Bytes(n);
        var floatMonths = r.Bytes(n);
        var curve = CheckIndexes(r.Int32s(n), names, "name");
        return new SwapColumns(position, quantity, notional, fixedRate, start, maturity, receive, fixedMonths, floatMonths, curve, r.Doubles(n));
    }

    private static BondColumns ReadBonds(ref ColumnReader r, int[] position, int names)
    {
        var n = Expect(ref r, position.Length);
        var quantity = r.Doubles(n);
        var face = r.Doubles(n);
        var coupon = r.Doubles(n);
        var months = r.Bytes(n);
        var issue = r.Int32s(n);
        var maturity = r.Int32s(n);
        return new BondColumns(position, quantity, face, coupon, months, issue, maturity, CheckIndexes(r.Int32s(n), names, "name"));
    }

    private static int Expect(ref ColumnReader r, int count)
    {
        var stored = r.Int32();
        if (stored != count)
        {
            throw new InvalidDataException($"A stored product has {stored} rows where its trades say {count}.");
        }

        return stored;
    }

    private static int[] CheckIndexes(int[] indexes, int count, string what)
    {
        foreach (var index in indexes)
        {
            if ((uint)index >= (uint)count)
            {
                throw new InvalidDataException($"A stored {what} index {index} is outside the dictionary of {count}.");
            }
        }

        return indexes;
    }
}

/// <summary>The ids, versions and books of a stored trade table.</summary>
public sealed record TradeKeys(string[] Ids, int[] Versions, int[] BookIndex, string[] Books);
