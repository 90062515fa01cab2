using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace XiP.Abstractions.Results;

/// <summary>
/// The opaque page cursor: the key of the last record of a page, from which the next page continues.
/// </summary>
/// <remarks>
/// Base64url (no padding) of: a format byte (1), the UTF-8 length of the trade id as a little-endian
/// 32-bit integer, the trade id in UTF-8, then the measure in UTF-8. The explicit length keeps ids that
/// contain any character, NUL included, unambiguous. Clients must treat it as opaque. Every store gives
/// out the same format, so a cursor means the same thing whichever store made it.
/// </remarks>
public static class ResultCursor
{
    private const byte FormatVersion = 1;
    private const int HeaderLength = 1 + sizeof(int);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string tradeId, string measure)
    {
        // Encoding.UTF8 replaces lone surrogates exactly as SQLite's and Npgsql's text bindings do, so a cursor
        // made from a stored key decodes to the same bytes the database compares against (the MongoDB store
        // refuses such strings before storing them).
        var tradeLength = Encoding.UTF8.GetByteCount(tradeId);
        var measureLength = Encoding.UTF8.GetByteCount(measure);
        var buffer = new byte[HeaderLength + tradeLength + measureLength];
        buffer[0] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(1), tradeLength);
        Encoding.UTF8.GetBytes(tradeId, buffer.AsSpan(HeaderLength, tradeLength));
        Encoding.UTF8.GetBytes(measure, buffer.AsSpan(HeaderLength + tradeLength));
        return Base64Url.EncodeToString(buffer);
    }

    /// <exception cref="ArgumentException">The cursor was not produced by <see cref="Encode"/>.</exception>
    public static (string TradeId, string Measure) Decode(string cursor, string paramName)
    {
        if (string.IsNullOrEmpty(cursor) || !Base64Url.IsValid(cursor, out _))
        {
            throw Malformed(paramName);
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException exception)
        {
            throw Malformed(paramName, exception);
        }

        if (bytes.Length < HeaderLength || bytes[0] != FormatVersion)
        {
            throw Malformed(paramName);
        }

        var tradeLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(1));
        if (tradeLength < 0 || tradeLength > bytes.Length - HeaderLength)
        {
            throw Malformed(paramName);
        }

        try
        {
            var tradeId = StrictUtf8.GetString(bytes, HeaderLength, tradeLength);
            var measure = StrictUtf8.GetString(bytes, HeaderLength + tradeLength, bytes.Length - HeaderLength - tradeLength);
            return (tradeId, measure);
        }
        catch (DecoderFallbackException exception)
        {
            throw Malformed(paramName, exception);
        }
    }

    /// <summary>
    /// Compares as the stores order keys (SQLite's BINARY, PostgreSQL's "C", MongoDB's simple collation): the
    /// UTF-8 bytes, which is Unicode code point order.
    /// </summary>
    public static int CompareUtf8(string left, string right)
        => Encoding.UTF8.GetBytes(left).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(right));

    private static ArgumentException Malformed(string paramName, Exception? inner = null)
        => new("The result cursor is malformed; pass the NextCursor of a previous page unchanged, or none for the first page.", paramName, inner);
}
