using System.Buffers;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using XiP.Gateway.Json;

namespace XiP.Benchmarks.Benchmarks;

/// <summary>
/// Double to UTF-8 text over 4096 random doubles: <see cref="ShortestDouble.Format"/> against .NET's
/// <c>double.TryFormat</c> (UTF-8 span overload), and a 4096-element JSON array through
/// <see cref="ShortestDouble.WriteArray"/> against <c>Utf8JsonWriter.WriteNumberValue</c> per element. Times are per
/// double (OperationsPerInvoke), so 1000 / ns is millions of doubles per second.
/// </summary>
[MemoryDiagnoser]
public class ShortestDoubleBenchmarks
{
    public const string Uniform = "uniform ±1e6";
    public const string RandomBits = "random bits";
    private const int Count = 4096;

    private readonly byte[] _text = new byte[ShortestDouble.MaxLength];
    private readonly ArrayBufferWriter<byte> _json = new(Count * ShortestDouble.MaxLength);
    private double[] _values = [];

    [Params(Uniform, RandomBits)]
    public string Data { get; set; } = Uniform;

    [GlobalSetup]
    public void GlobalSetup()
    {
        var random = new Random(20_240_601);
        _values = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            _values[i] = Data switch
            {
                Uniform => (random.NextDouble() * 2 - 1) * 1e6,
                RandomBits => FiniteBits(random),
                _ => throw new ArgumentException($"Unknown data '{Data}'."),
            };
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "double.TryFormat (UTF-8)")]
    public int TryFormat()
    {
        var total = 0;
        foreach (var value in _values)
        {
            value.TryFormat(_text, out var written, default, CultureInfo.InvariantCulture);
            total += written;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "ShortestDouble.Format")]
    public int Format()
    {
        var total = 0;
        foreach (var value in _values)
        {
            total += ShortestDouble.Format(value, _text);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "Utf8JsonWriter.WriteNumberValue array")]
    public long WriterArray()
    {
        _json.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_json);
        writer.WriteStartArray();
        foreach (var value in _values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
        writer.Flush();
        return writer.BytesCommitted;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "ShortestDouble.WriteArray")]
    public long ShortestArray()
    {
        _json.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_json);
        ShortestDouble.WriteArray(writer, _values);
        writer.Flush();
        return writer.BytesCommitted;
    }

    private static double FiniteBits(Random random)
    {
        while (true)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64() ^ (random.Next(2) == 0 ? 0 : long.MinValue));
            if (double.IsFinite(value))
            {
                return value;
            }
        }
    }
}
