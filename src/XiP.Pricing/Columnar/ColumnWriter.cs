using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace XiP.Pricing.Columnar;

/// <summary>Writes little-endian columns back to back: the stored form of trade tables and result blocks.</summary>
public sealed class ColumnWriter(IBufferWriter<byte> output)
{
    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(sizeof(int)), value);
        output.Advance(sizeof(int));
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    public void Bytes(ReadOnlySpan<byte> values) => Raw(values);

    public void Int32s(ReadOnlySpan<int> values) => Primitive(values);

    public void Doubles(ReadOnlySpan<double> values) => Primitive(values);

    /// <summary>A count, then each string as its UTF-8 length and bytes.</summary>
    public void Strings(ReadOnlySpan<string> values)
    {
        Int32(values.Length);
        foreach (var value in values)
        {
            String(value);
        }
    }

    public void String(string value)
    {
        // Lone surrogates are replaced, as the stores' text bindings would; ids that reach here were checked already.
        var length = Encoding.UTF8.GetByteCount(value);
        Int32(length);
        var written = Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(written);
    }

    private void Primitive<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The column format is little-endian.");
        }

        Raw(bytes);
    }
}

/// <summary>Reads what <see cref="ColumnWriter"/> wrote; anything short or out of range is <see cref="InvalidDataException"/>.</summary>
public ref struct ColumnReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Position => _position;

    public readonly bool AtEnd => _position == _data.Length;

    public int Int32()
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));
        return value;
    }

    /// <summary>A count that must lie in 0 … <paramref name="max"/>.</summary>
    public int Count(int max)
    {
        var count = Int32();
        if (count < 0 || count > max)
        {
            throw new InvalidDataException($"A stored count of {count} is outside 0 … {max}.");
        }

        return count;
    }

    public ReadOnlySpan<byte> Raw(int length) => Take(length);

    public byte[] Bytes(int count) => Take(count).ToArray();

    public int[] Int32s(int count) => MemoryMarshal.Cast<byte, int>(Take(checked(count * sizeof(int)))).ToArray();

    public double[] Doubles(int count) => MemoryMarshal.Cast<byte, double>(Take(checked(count * sizeof(double)))).ToArray();

    /// <summary>Fills <paramref name="destination"/> with the next doubles.</summary>
    public void Doubles(Span<double> destination) => Take(checked(destination.Length * sizeof(double))).CopyTo(MemoryMarshal.AsBytes(destination));

    public string[] Strings(int maxCount)
    {
        var count = Count(maxCount);
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = String();
        }

        return values;
    }

    public string String()
    {
        var length = Count(_data.Length - _position);
        return Encoding.UTF8.GetString(Take(length));
    }

    public void Skip(int length) => Take(length);

    public void SkipStrings(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Skip(Count(_data.Length - _position));
        }
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || length > _data.Length - _position)
        {
            throw new InvalidDataException($"A stored block ends early: {length} bytes wanted at offset {_position} of {_data.Length}.");
        }

        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }
}
