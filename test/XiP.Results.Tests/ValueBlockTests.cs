using System.Buffers;
using System.Buffers.Binary;
using System.Reflection;
using XiP.Pricing.Columnar;
using XiP.Pricing.Measures;

namespace XiP.Results.Tests;

public sealed class ValueBlockTests
{
    private const int Markets = 12;

    private static readonly double[] Awkward =
    [
        0.0, -0.0, 1.5, Math.PI, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
        BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234), // quiet NaN with a payload
        BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001)), // negative NaN with a payload
        BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001), // signalling NaN
        double.Epsilon, // smallest subnormal
        -double.MaxValue,
    ];

    [Fact]
    public void Values_of_successful_trades_survive_bit_for_bit_and_errors_survive_as_text()
    {
        string?[] errors = [null, "courbe « EUR-ESTR » absente — 曲线缺失 \U0001F600", null, string.Empty];
        using var batch = Batch(
            [Measure.Pv, Measure.Delta],
            [[.. Awkward, .. Garbage(), .. Awkward.Reverse(), .. Garbage()], [.. Enumerable.Repeat(-0.0, 4 * Markets)]],
            [errors, [null, null, null, null]]);

        var pv = ValueBlock.Decode(ValueBlock.Encode(batch, 0));
        var delta = ValueBlock.Decode(ValueBlock.Encode(batch, 1));

        Assert.Equal((4, Markets), (pv.Trades, pv.Markets));
        Assert.Equal(errors, pv.Errors);
        AssertBits(Awkward, pv.Row(0));
        AssertBits(Awkward.Reverse(), pv.Row(2));
        AssertBits(Enumerable.Repeat(-0.0, 4 * Markets), delta.Values);
        Assert.All(delta.Errors, Assert.Null);
    }

    [Fact]
    public void A_failed_trades_row_is_stored_as_zeros_whatever_the_batch_left_there()
    {
        using var batch = Batch([Measure.Pv], [[.. Awkward, .. Garbage(), .. Awkward]], [[null, "failed", null]]);

        var block = ValueBlock.Decode(ValueBlock.Encode(batch, 0));

        AssertBits(new double[Markets], block.Row(1));
        AssertBits(Awkward, block.Row(0));
        AssertBits(Awkward, block.Row(2));
        Assert.Equal(3 * Markets, block.Values.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void The_values_start_after_any_length_of_error_text(int length)
    {
        // Errors of every length modulo 8, one or two bytes a character: the padding before the values must match on both sides.
        var ascii = new string('e', length);
        var twoByte = new string('é', length);
        using var batch = Batch([Measure.Vega], [[.. Garbage(), .. Awkward, .. Garbage()]], [[ascii, null, twoByte]]);

        var block = ValueBlock.Decode(ValueBlock.Encode(batch, 0));

        Assert.Equal(new[] { ascii, null, twoByte }, block.Errors);
        AssertBits(Awkward, block.Row(1));
    }

    [Fact]
    public void A_block_of_no_trades_round_trips()
    {
        using var batch = Batch([Measure.Pv], [[]], [[]]);

        var block = ValueBlock.Decode(ValueBlock.Encode(batch, 0));

        Assert.Equal((0, Markets), (block.Trades, block.Markets));
        Assert.Empty(block.Values);
        Assert.Equal(0, ValueBlock.TradesOf(ValueBlock.Encode(batch, 0)));
    }

    [Fact]
    public void The_values_of_a_priced_block_survive_bit_for_bit()
    {
        var run = SampleRun.Standard;
        var batch = run.Values[1];

        for (var k = 0; k < batch.Measures.Count; k++)
        {
            var block = ValueBlock.Decode(ValueBlock.Encode(batch, k));

            Assert.Equal(batch.Errors(k).ToArray(), block.Errors);
            for (var t = 0; t < batch.Trades; t++)
            {
                AssertBits(block.Errors[t] is null ? batch.Values(k).Slice(t * batch.Markets, batch.Markets).ToArray() : new double[batch.Markets], block.Row(t));
            }
        }
    }

    [Fact]
    public void Every_truncation_and_any_trailing_byte_throw_InvalidDataException()
    {
        using var batch = Batch([Measure.Pv], [[.. Awkward, .. Garbage(), .. Awkward]], [[null, "fehlgeschlagen ü", null]]);
        var blob = ValueBlock.Encode(batch, 0);

        for (var length = 0; length < blob.Length; length++)
        {
            var prefix = blob[..length];
            Assert.Throws<InvalidDataException>(() => ValueBlock.Decode(prefix));
        }

        Assert.Throws<InvalidDataException>(() => ValueBlock.Decode((byte[])[.. blob, 0]));
    }

    public static TheoryData<string, int, int> BadHeaders => new()
    {
        { "format", 0, 0x01_4D_52_58 }, // a manifest's tag
        { "trades", 4, -1 },
        { "trades", 4, (16 * 1024 * 1024) + 1 },
        { "markets", 8, -1 },
        { "markets", 8, 1_000_001 },
        { "failed", 12, 4 }, // more failed trades than trades
        { "error trade", 16, 3 }, // a failed trade that is not one of the three
        { "error trade", 16, -1 },
        { "markets", 8, 1_000_000 }, // values the blob does not hold
        { "trades", 4, 2 }, // fewer values than the blob holds
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void A_header_that_disagrees_with_the_blob_throws_InvalidDataException(string field, int offset, int value)
    {
        using var batch = Batch([Measure.Pv], [[.. Awkward, .. Garbage(), .. Awkward]], [[null, "x", null]]);
        var blob = ValueBlock.Encode(batch, 0);
        BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(offset), value);

        var exception = Record.Exception(() => ValueBlock.Decode(blob));

        Assert.True(exception is InvalidDataException, $"{field} = {value}: {exception?.GetType().Name ?? "no exception"}");
    }

    [Theory]
    [InlineData(16 * 1024 * 1024, 1_000_000)] // a product beyond any array
    [InlineData(1_000_000, 1_000)] // eight gigabytes of values in a blob of a few hundred bytes
    [InlineData(3, 13)]
    public void Counts_whose_values_the_blob_does_not_hold_throw_InvalidDataException_before_allocating(int trades, int markets)
    {
        using var batch = Batch([Measure.Pv], [[.. Awkward, .. Awkward, .. Awkward]], [[null, null, null]]);
        var blob = ValueBlock.Encode(batch, 0);
        BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(4), trades);
        BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(8), markets);

        var exception = Record.Exception(() => ValueBlock.Decode(blob));

        Assert.True(exception is InvalidDataException, $"{trades} × {markets}: {exception?.GetType().Name ?? "no exception"}");
    }

    [Fact]
    public void TradesOf_reads_the_count_and_refuses_another_format()
    {
        using var batch = Batch([Measure.Pv], [[.. Awkward, .. Awkward]], [[null, null]]);

        Assert.Equal(2, ValueBlock.TradesOf(ValueBlock.Encode(batch, 0)));
        Assert.Throws<InvalidDataException>(() => ValueBlock.TradesOf(RunManifest.Create("r", 1, 1, 1, ["pv"]).Encode()));
    }

    private static double[] Garbage() => Enumerable.Range(0, Markets).Select(i => i % 2 == 0 ? double.NaN : 1e300 * i).ToArray();

    private static void AssertBits(IEnumerable<double> expected, ReadOnlySpan<double> actual)
    {
        var want = expected.Select(BitConverter.DoubleToInt64Bits).ToArray();
        var got = actual.ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();
        Assert.Equal(want, got);
    }

    /// <summary>
    /// A batch with the given values and errors per measure. Pricing never gives a successful trade a value that
    /// is not finite, yet the stored form must keep any bits; so the batch is made through its internal
    /// constructor, with its value arrays rented as the pricer rents them.
    /// </summary>
    private static BatchValues Batch(Measure[] measures, double[][] values, string?[][] errors)
    {
        var constructor = typeof(BatchValues).GetConstructor(
            BindingFlags.Instance | BindingFlags.NonPublic,
            [typeof(int), typeof(int), typeof(Measure[]), typeof(double[][]), typeof(string[][]), typeof(double[]), typeof(int)])
            ?? throw new InvalidOperationException("BatchValues has no longer the internal constructor (trades, markets, measures, values, errors, sums, failed) these tests use.");
        var trades = errors[0].Length;
        var rented = new double[values.Length][];
        for (var k = 0; k < values.Length; k++)
        {
            Assert.Equal(trades * Markets, values[k].Length);
            rented[k] = ArrayPool<double>.Shared.Rent(values[k].Length);
            values[k].CopyTo(rented[k], 0);
        }

        var failed = Enumerable.Range(0, trades).Count(t => errors.Any(e => e[t] is not null));
        return (BatchValues)constructor.Invoke([trades, Markets, measures, rented, errors, Array.Empty<double>(), failed]);
    }
}
