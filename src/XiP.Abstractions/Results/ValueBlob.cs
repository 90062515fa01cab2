using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace XiP.Abstractions.Results;

/// <summary>
/// The stored form of <see cref="Abstractions.Results.ResultRecord.Values"/>: the IEEE 754 doubles as
/// little-endian 8-byte values, back to back. Every bit survives, NaN payloads, infinities and −0 included;
/// an empty array is an empty blob, distinct from NULL (no values). The SQLite and PostgreSQL stores keep values this way.
/// </summary>
public static class ValueBlob
{
    public static byte[] Encode(double[] values)
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<byte, long>(bytes.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return bytes;
    }

    /// <exception cref="InvalidDataException">The blob's length is not a multiple of 8.</exception>
    public static double[] Decode(ReadOnlySpan<byte> blob)
    {
        if (blob.Length % sizeof(double) != 0)
        {
            throw new InvalidDataException($"A stored result has a value blob of {blob.Length} bytes, which is not a whole number of doubles.");
        }

        var values = new double[blob.Length / sizeof(double)];
        blob.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<double, long>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return values;
    }
}
