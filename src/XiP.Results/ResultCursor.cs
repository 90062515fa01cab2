using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace XiP.Results;

/// <summary>
/// The opaque page cursor: where the last record of a page was, as (block, trade within the block, measure),
/// from which the next page continues. Base64url (no padding) of a format byte (2), the block and the trade as
/// little-endian 32-bit integers, and the measure in UTF-8. Clients must treat it as opaque.
/// </summary>
public static class ResultCursor
{
    private const byte FormatVersion = 2;
    private const int HeaderLength = 1 + 2 * sizeof(int);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(int block, int trade, string measure)
    {
        var buffer = new byte[HeaderLength + Encoding.UTF8.GetByteCount(measure)];
        buffer[0] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(1), block);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(5), trade);
        Encoding.UTF8.GetBytes(measure, buffer.AsSpan(HeaderLength));
        return Base64Url.EncodeToString(buffer);
    }

    /// <exception cref="ArgumentException">The cursor was not produced by <see cref="Encode"/>.</exception>
    public static (int Block, int Trade, string Measure) Decode(string cursor, string paramName)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 512 || !Base64Url.IsValid(cursor, out _))
        {
            throw Malformed(paramName);
        }

        var bytes = Base64Url.DecodeFromChars(cursor);
        if (bytes.Length < HeaderLength || bytes[0] != FormatVersion)
        {
            throw Malformed(paramName);
        }

        var block = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(1));
        var trade = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(5));
        if (block < 0 || trade < 0)
        {
            throw Malformed(paramName);
        }

        try
        {
            return (block, trade, StrictUtf8.GetString(bytes, HeaderLength, bytes.Length - HeaderLength));
        }
        catch (DecoderFallbackException exception)
        {
            throw Malformed(paramName, exception);
        }
    }

    private static ArgumentException Malformed(string paramName, Exception? inner = null)
        => new("The result cursor is malformed; pass the NextCursor of a previous page unchanged, or none for the first page.", paramName, inner);
}
