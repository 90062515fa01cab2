using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using XiP.Gateway.Json;

namespace XiP.Gateway.Tests;

public sealed class ShortestDoubleTests
{
    private const int MinBinaryExponent = -1074;
    private const int MaxBinaryExponent = 971;

    [Fact]
    public void RandomBitPatternsRoundTripAndAreShortest()
    {
        var random = new Random(20_240_601);
        var check = new Checker();
        var finite = 0;
        while (finite < 2_000_000)
        {
            var value = BitConverter.UInt64BitsToDouble((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63));
            if (double.IsFinite(value))
            {
                check.Value(value);
                finite++;
            }
        }

        check.AssertShortest();
    }

    [Fact]
    public void RandomBitPatternsWithSmallExponentsAndSubnormalsRoundTrip()
    {
        var random = new Random(7);
        var check = new Checker();
        for (var i = 0; i < 300_000; i++)
        {
            // Biased exponents 0..40: the subnormals and the smallest normals, where the tables' far end is used.
            var bits = ((ulong)random.Next(41) << 52) | ((ulong)random.NextInt64() & ((1UL << 52) - 1));
            check.Value(BitConverter.UInt64BitsToDouble(bits | ((ulong)random.Next(2) << 63)));

            // And the largest exponents.
            check.Value(BitConverter.UInt64BitsToDouble(((ulong)(2046 - random.Next(41)) << 52) | ((ulong)random.NextInt64() & ((1UL << 52) - 1))));
        }

        check.AssertShortest();
    }

    [Fact]
    public void RandomDoublesInCommonRangesRoundTripAndAreShortest()
    {
        var random = new Random(42);
        var check = new Checker();
        for (var i = 0; i < 400_000; i++)
        {
            check.Value((random.NextDouble() * 2 - 1) * 1e6);
            check.Value(random.NextDouble());
            check.Value((random.NextDouble() * 2 - 1) * 1e-3);
            check.Value(Math.Pow(10, random.NextDouble() * 40 - 20) * (random.Next(2) == 0 ? 1 : -1));

            // Prices and rates with few decimals, as results usually carry.
            check.Value(Math.Round(random.NextDouble() * 1e4, random.Next(7)));
        }

        check.AssertShortest();
    }

    [Fact]
    public void PowersOfTenAndTheirNeighboursRoundTrip()
    {
        var check = new Checker();
        for (var e = -324; e <= 308; e++)
        {
            var power = double.Parse($"1e{e}", CultureInfo.InvariantCulture);
            foreach (var value in new[] { power, Math.BitIncrement(power), Math.BitDecrement(power) })
            {
                if (double.IsFinite(value))
                {
                    check.Value(value);
                    check.Value(-value);
                }
            }
        }

        check.AssertShortest();
    }

    [Fact]
    public void PowersOfTwoAndTheirNeighboursRoundTrip()
    {
        // Powers of two above the smallest normal are the values whose lower neighbour is half as far away.
        var check = new Checker();
        for (var e = MinBinaryExponent; e <= 1023; e++)
        {
            var power = Math.ScaleB(1.0, e);
            foreach (var value in new[] { power, Math.BitIncrement(power), Math.BitDecrement(power), 3 * power })
            {
                if (double.IsFinite(value))
                {
                    check.Value(value);
                    check.Value(-value);
                }
            }
        }

        check.AssertShortest();

        // Two of the powers of two .NET 10's "R" writes one digit short, which then reads back as the next double down.
        Assert.Equal("4.1045368012983762e-289", Text(Math.ScaleB(1.0, -958)));
        Assert.Equal("2.9802322387695312e-8", Text(Math.ScaleB(1.0, -25)));
    }

    [Fact]
    public void NotableValuesRoundTrip()
    {
        var check = new Checker();
        double[] values =
        [
            0.0, -0.0, double.Epsilon, -double.Epsilon, 2 * double.Epsilon, 3 * double.Epsilon, double.MaxValue, double.MinValue,
            2.2250738585072014e-308, Math.BitDecrement(2.2250738585072014e-308), 0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3,
            5e-324, 1.7976931348623157e308, Math.PI, Math.E, 9007199254740993.0, 4.35, 2.675, 1e23, 8.41e21, 5e22,
            9.9999999999999999e22, 1.5e300, 123456789012345680000.0,
        ];
        foreach (var value in values)
        {
            check.Value(value);
        }

        check.AssertShortest();
    }

    [Fact]
    public void IntegersRoundTripUpToAndAround2To53()
    {
        var check = new Checker();
        for (var i = 0; i <= 200_000; i++)
        {
            check.Value(i);
            check.Value(-i);
        }

        var random = new Random(3);
        for (var i = 0; i < 200_000; i++)
        {
            check.Value(random.NextInt64(1L << 53));
        }

        for (var i = -5_000; i <= 5_000; i++)
        {
            check.Value((1L << 53) + i);
            check.Value((1L << 52) + i);
            check.Value((1L << 54) + 4 * i);
        }

        for (var i = 0; i <= 22; i++)
        {
            check.Value(Math.Pow(10, i));
            check.Value(Math.Pow(10, i) - 1);
        }

        check.AssertShortest();
    }

    [Fact]
    public void TheSmallestSubnormalsRoundTripAndAreShortest()
    {
        // Significands below 3 take a scaled path, and those below 100 give candidates with fewer than three digits.
        var check = new Checker();
        for (ulong bits = 1; bits < 1 << 20; bits++)
        {
            check.Value(BitConverter.UInt64BitsToDouble(bits));
        }

        check.AssertShortest();
        Assert.Equal("5e-324", Text(double.Epsilon));
        Assert.Equal("1e-323", Text(2 * double.Epsilon));
        Assert.Equal("1.5e-323", Text(3 * double.Epsilon));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(100.0, "100")]
    [InlineData(123456.5, "123456.5")]
    [InlineData(0.001234, "0.001234")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(-0.0000012345678901234567, "-0.0000012345678901234567")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.25e21, "1.25e+21")]
    [InlineData(12345678.9, "12345678.9")]
    [InlineData(123456789.1, "123456789.1")]
    [InlineData(1234567890.12, "1234567890.12")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1e-100, "1e-100")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(-2.2250738585072014e-308, "-2.2250738585072014e-308")]
    public void NotationFollowsEcmaScript(double value, string expected) => Assert.Equal(expected, Text(value));

    [Fact]
    public void NegativeZeroReadsBackWithItsSign()
    {
        var text = Encoding.UTF8.GetBytes(Text(-0.0));
        var reader = new Utf8JsonReader(text);
        Assert.True(reader.Read());
        Assert.True(double.IsNegative(reader.GetDouble()));
        Assert.True(double.IsNegative(double.Parse(Text(-0.0), CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteValuesThrow(double value)
    {
        Assert.Throws<ArgumentException>(() => ShortestDouble.Format(value, new byte[ShortestDouble.MaxLength]));
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            Assert.Throws<ArgumentException>(() => ShortestDouble.WriteArray(writer, [1.0, value]));
        }

        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void AShortDestinationThrows() =>
        Assert.Throws<ArgumentException>(() => ShortestDouble.Format(1.0, new byte[ShortestDouble.MaxLength - 1]));

    [Fact]
    public void WriteArrayWritesEveryValueToTheBit()
    {
        var random = new Random(11);
        var values = new double[5_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i % 3 == 0 ? (random.NextDouble() * 2 - 1) * 1e6 : BitConverter.UInt64BitsToDouble((ulong)random.NextInt64() & 0x7FEF_FFFF_FFFF_FFFF);
        }

        values[7] = -0.0;
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("empty");
            ShortestDouble.WriteArray(writer, []);
            writer.WritePropertyName("values");
            ShortestDouble.WriteArray(writer, values);
            writer.WriteStartArray("rows");
            ShortestDouble.WriteArray(writer, [1.5, 2]);
            ShortestDouble.WriteArray(writer, [3]);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var json = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.StartsWith("{\"empty\":[],\"values\":[", json);
        Assert.EndsWith("],\"rows\":[[1.5,2],[3]]}", json);
        using var document = JsonDocument.Parse(output.WrittenMemory);
        var read = document.RootElement.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(values.Select(BitConverter.DoubleToUInt64Bits), read.Select(BitConverter.DoubleToUInt64Bits));
    }

    [Fact]
    public void TheLogarithmApproximationsAreExactOverTheirRange()
    {
        // Wider than the q ∈ [-1074, 971] and e ∈ [-292, 324] the formatter uses.
        for (var q = -1200; q <= 1200; q++)
        {
            Assert.Equal(FloorLog10(BigInteger.One, q), ShortestDouble.FloorLog10Pow2(q));
            Assert.Equal(FloorLog10(new BigInteger(3), q - 2), ShortestDouble.FloorLog10ThreeQuartersPow2(q));
        }

        for (var e = -400; e <= 400; e++)
        {
            var floor = ShortestDouble.FloorLog2Pow10(e);
            Assert.True(CompareTenToTwo(e, floor) >= 0, $"2^{floor} > 10^{e}");
            Assert.True(CompareTenToTwo(e, floor + 1) < 0, $"2^{floor + 1} <= 10^{e}");
        }
    }

    [Fact]
    public void EveryExponentUsesATabulatedPowerAndFitsTheProduct()
    {
        for (var q = MinBinaryExponent; q <= MaxBinaryExponent; q++)
        {
            foreach (var k in new[] { ShortestDouble.FloorLog10Pow2(q), ShortestDouble.FloorLog10ThreeQuartersPow2(q) })
            {
                Assert.InRange(-k, ShortestDouble.MinTabulatedPow10, ShortestDouble.MaxTabulatedPow10);
                Assert.InRange(q + ShortestDouble.FloorLog2Pow10(-k) + 2, 1, 6);
            }
        }
    }

    [Fact]
    public void ThePowerTableIsTheCeilingOfTheScaledPowersOfTen()
    {
        // Recomputed by cross-multiplication rather than the table builder's division: g - 1 ≤ 10^e · 2^shift < g.
        for (var e = ShortestDouble.MinTabulatedPow10; e <= ShortestDouble.MaxTabulatedPow10; e++)
        {
            var (high, low) = ShortestDouble.TabulatedPow10(e);
            Assert.True(low < 1UL << 63);
            var g = (new BigInteger(high) << 63) + low;
            Assert.InRange(g - 1, BigInteger.One << 125, (BigInteger.One << 126) - 1);

            var shift = 125 - ShortestDouble.FloorLog2Pow10(e);
            var numerator = BigInteger.Pow(10, Math.Max(e, 0)) << Math.Max(shift, 0);
            var denominator = BigInteger.Pow(10, Math.Max(-e, 0)) << Math.Max(-shift, 0);
            Assert.True((g - 1) * denominator <= numerator, $"g({e}) too large");
            Assert.True(numerator < g * denominator, $"g({e}) too small");
        }
    }

    [Fact]
    public void EightDigitsSplitsEveryValueIntoItsDecimalDigits()
    {
        var random = new Random(5);
        for (var i = 0; i < 2_000_000; i++)
        {
            var value = i < 1_000_000 ? (uint)i : i < 1_100_000 ? (uint)(99_999_999 - (i - 1_000_000)) : (uint)random.Next(100_000_000);
            var digits = ShortestDouble.EightDigits(value);
            var rest = value;
            for (var position = 7; position >= 0; position--)
            {
                if ((digits >> (8 * position) & 0xFF) != rest % 10)
                {
                    Assert.Fail($"digit {position} of {value}: 0x{digits:X16}");
                }

                rest /= 10;
            }
        }
    }

    [Fact]
    public void TheVectorAndScalarDigitSplitsAgree()
    {
        // Only x86 has the vector path; elsewhere the scalar one is all there is.
        if (!System.Runtime.Intrinsics.X86.Sse2.IsSupported)
        {
            return;
        }

        var random = new Random(9);
        for (var i = 0; i < 1_000_000; i++)
        {
            var upper = WithTrailingZeros(random);
            var lower = i % 5 == 0 ? 0 : WithTrailingZeros(random);
            var scalar = ShortestDouble.SixteenDigitsScalar(upper, lower, out var scalarUpper, out var scalarLower);
            var vector = ShortestDouble.SixteenDigitsVector(upper, lower, out var vectorUpper, out var vectorLower);
            if (scalar != vector || scalarUpper != vectorUpper || scalarLower != vectorLower)
            {
                Assert.Fail($"{upper:D8}{lower:D8}: scalar {scalar} 0x{scalarUpper:X16} 0x{scalarLower:X16}, vector {vector} 0x{vectorUpper:X16} 0x{vectorLower:X16}");
            }
        }

        static uint WithTrailingZeros(Random random)
        {
            var scale = (uint)Math.Pow(10, random.Next(9));
            return (uint)random.Next(100_000_000) / scale * scale;
        }
    }

    [Fact]
    public void DigitCountIsExactAtEveryPowerOfTen()
    {
        ulong power = 1;
        for (var digits = 1; digits <= 17; digits++)
        {
            Assert.Equal(digits, ShortestDouble.DigitCount(power));
            Assert.Equal(digits, ShortestDouble.DigitCount(power + 1));
            Assert.Equal(digits, ShortestDouble.DigitCount(power * 10 - 1));
            Assert.Equal(digits, ShortestDouble.DigitCount(power * 2));
            power *= 10;
        }
    }

    private static string Text(double value)
    {
        Span<byte> buffer = stackalloc byte[ShortestDouble.MaxLength];
        return Encoding.UTF8.GetString(buffer[..ShortestDouble.Format(value, buffer)]);
    }

    /// <summary>floor(log10(m · 2^q)) for m ≥ 1, by exact comparison.</summary>
    private static int FloorLog10(BigInteger m, int q)
    {
        // A float estimate a little low, then exact steps up.
        var k = (int)Math.Floor(Math.Log10((double)m) + q * Math.Log10(2)) - 2;
        Assert.True(CompareScaled(m, q, k) >= 0);
        while (CompareScaled(m, q, k + 1) >= 0)
        {
            k++;
        }

        return k;
    }

    /// <summary>The sign of m · 2^q - 10^k.</summary>
    private static int CompareScaled(BigInteger m, int q, int k)
    {
        var left = m * BigInteger.Pow(10, Math.Max(-k, 0)) << Math.Max(q, 0);
        var right = BigInteger.Pow(10, Math.Max(k, 0)) << Math.Max(-q, 0);
        return left.CompareTo(right);
    }

    /// <summary>The sign of 10^e - 2^f.</summary>
    private static int CompareTenToTwo(int e, int f) => -CompareScaled(BigInteger.One, f, e);

    /// <summary>
    /// Formats values, reads each back through <see cref="double.Parse(string, IFormatProvider?)"/> and
    /// <see cref="Utf8JsonReader"/>, and counts how its significant digits compare with <c>ToString("R")</c>.
    /// </summary>
    private sealed class Checker
    {
        // Format gets the first MaxLength bytes; the guard bytes after them must survive its whole-word stores.
        private readonly byte[] _buffer = new byte[ShortestDouble.MaxLength + 16];
        private int _longer;
        private int _differentDigits;
        private string? _firstDifference;
        private int _brokenReferences;

        public void Value(double value)
        {
            _buffer.AsSpan(ShortestDouble.MaxLength).Fill(0xA5);
            var length = ShortestDouble.Format(value, _buffer.AsSpan(0, ShortestDouble.MaxLength));
            if (_buffer.AsSpan(ShortestDouble.MaxLength).ContainsAnyExcept((byte)0xA5))
            {
                Assert.Fail($"{value:R}: written past MaxLength");
            }

            var utf8 = _buffer.AsSpan(0, length);
            var text = Encoding.UTF8.GetString(utf8);
            var bits = BitConverter.DoubleToUInt64Bits(value);

            if (BitConverter.DoubleToUInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)) != bits)
            {
                Assert.Fail($"{value:R} (0x{bits:X16}) wrote {text}, which double.Parse reads differently");
            }

            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || BitConverter.DoubleToUInt64Bits(reader.GetDouble()) != bits
                || reader.BytesConsumed != length)
            {
                Assert.Fail($"{value:R} (0x{bits:X16}) wrote {text}, which Utf8JsonReader reads differently");
            }

            var (digits, exponent) = Significant(text);
            if (digits.Length > 17)
            {
                Assert.Fail($"{value:R} wrote {text}: more than 17 significant digits");
            }

            var reference = value.ToString("R", CultureInfo.InvariantCulture);
            if (BitConverter.DoubleToUInt64Bits(double.Parse(reference, CultureInfo.InvariantCulture)) != bits)
            {
                // .NET 10's Dragon4 fallback gets some exact powers of two wrong (dotnet/runtime#131131), so there is
                // no reference to compare with: check directly that no decimal one digit shorter reads back.
                _brokenReferences++;
                AssertNoShorterDecimal(value, digits, exponent);
                return;
            }

            var (referenceDigits, referenceExponent) = Significant(reference);
            if (digits.Length > referenceDigits.Length)
            {
                _longer++;
            }

            if (digits != referenceDigits || (digits.Length > 0 && exponent != referenceExponent))
            {
                _differentDigits++;
                _firstDifference ??= $"{value:R} wrote {text}";
            }
        }

        public void AssertShortest()
        {
            // Values whose "R" text does not read back were checked on their own and are not counted here.
            Assert.True(_longer == 0, $"{_longer} values longer than ToString(\"R\"), e.g. {_firstDifference} ({_brokenReferences} unusable references)");

            // .NET's "R" is also the closest of the shortest, so even the digits agree.
            Assert.True(_differentDigits == 0, $"{_differentDigits} values with other digits than ToString(\"R\"), e.g. {_firstDifference}");
        }

        /// <summary>
        /// Fails when a decimal with one significant digit fewer than digits · 10^exponent reads back as the value:
        /// the only candidates are the multiples of 10^(exponent + 1) next to the truncated digits.
        /// </summary>
        private static void AssertNoShorterDecimal(double value, string digits, int exponent)
        {
            if (digits.Length <= 1)
            {
                return;
            }

            var truncated = BigInteger.Parse(digits[..^1], CultureInfo.InvariantCulture);
            for (var step = -1; step <= 1; step++)
            {
                var candidate = truncated + step;
                if (candidate.Sign <= 0)
                {
                    continue;
                }

                var text = $"{(value < 0 ? "-" : "")}{candidate}e{exponent + 1}";
                if (double.Parse(text, CultureInfo.InvariantCulture) == value)
                {
                    Assert.Fail($"{value:R}: {text} is shorter and reads back");
                }
            }
        }

        /// <summary>The significant digits of decimal text (no leading or trailing zeros) and the exponent of the last.</summary>
        private static (string Digits, int Exponent) Significant(string text)
        {
            var mantissa = text.TrimStart('-');
            var exponent = 0;
            var e = mantissa.IndexOfAny(['e', 'E']);
            if (e >= 0)
            {
                exponent = int.Parse(mantissa[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                mantissa = mantissa[..e];
            }

            var point = mantissa.IndexOf('.');
            if (point >= 0)
            {
                exponent -= mantissa.Length - point - 1;
                mantissa = mantissa.Remove(point, 1);
            }

            mantissa = mantissa.TrimStart('0');
            var trimmed = mantissa.TrimEnd('0');
            return (trimmed, exponent + mantissa.Length - trimmed.Length);
        }
    }
}
