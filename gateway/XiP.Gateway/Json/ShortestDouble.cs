using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace XiP.Gateway.Json;

/// <summary>
/// Writes finite doubles as the shortest decimal JSON number text that reads back to the same bits,
/// several times faster than <see cref="double.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/>.
/// </summary>
/// <remarks>
/// <para>
/// The digits come from Giulietti's Schubfach method: the decimal is chosen among the multiples of 10^k and
/// 10^(k+1) that bracket the value, where 10^k is the largest power of ten not above the spacing of doubles
/// there; a 126-bit approximation of 10^-k, rounded to odd when multiplied, decides exactly which of them lie
/// in the interval of reals that read back as the value. The result has the fewest significant digits of any
/// decimal in that interval and, among those, is the closest to the value (ties to an even last digit),
/// which is what <c>double.ToString("R")</c> and ECMAScript produce.
/// </para>
/// <para>
/// Notation follows ECMAScript's <c>Number.prototype.toString</c>: with the value written as
/// 0.d₁d₂…dₙ × 10^p (n significant digits, d₁ ≠ 0), a plain integer when n ≤ p ≤ 21 (<c>100</c>,
/// <c>123456789012345680000</c>), plain with a point when 0 &lt; p ≤ 21 (<c>123456.5</c>), a leading
/// <c>0.</c> and up to five zeros when −6 &lt; p ≤ 0 (<c>0.001234</c>, <c>0.000001</c>), and otherwise
/// one digit, an optional fraction and a signed exponent (<c>1e+21</c>, <c>1.5e-7</c>, <c>5e-324</c>).
/// Zero is <c>0</c> and negative zero <c>-0</c>, which both <see cref="double.Parse(string, IFormatProvider?)"/>
/// and <see cref="Utf8JsonReader.GetDouble"/> read back with its sign.
/// </para>
/// </remarks>
public static class ShortestDouble
{
    /// <summary>
    /// The room <see cref="Format"/> needs in its destination. The longest text is 25 bytes
    /// (<c>-0.0000012345678901234567</c>); the rest lets the digits go out as whole 8-byte words.
    /// </summary>
    public const int MaxLength = 32;

    // 10^e is tabulated for e = -k, with k = floor(log10(2^q)) or floor(log10(3/4 · 2^q)) over the binary
    // exponents q ∈ [-1074, 971] of finite doubles.
    internal const int MinTabulatedPow10 = -292;
    internal const int MaxTabulatedPow10 = 324;

    private const ulong FractionMask = (1UL << 52) - 1;
    private const ulong HiddenBit = 1UL << 52;
    private const ulong Low63Mask = (1UL << 63) - 1;
    private const int MinBinaryExponent = -1074;
    private const int MinDecimalExponent = -324;
    private const int MaxDecimalExponent = 308;
    private const ulong Pow10To15 = 1_000_000_000_000_000;
    private const ulong Pow10To16 = 10_000_000_000_000_000;

    // Eight ASCII '0's: OR-ed onto eight digit values in one word, and the zero fill after integers.
    private const ulong AsciiZeros = 0x3030_3030_3030_3030;

    // "0.000000" in memory order: the prefix of values below 1 written in one store.
    private const ulong SmallPrefix = 0x3030_3030_3030_2E30;

    // g(e) = floor(10^e · 2^(125 - floor(log2 10^e))) + 1 ∈ (2^125, 2^126), as (high 63 bits, low 63 bits)
    // pairs, e ascending from MinTabulatedPow10. Built here rather than pasted so no entry can be mistyped.
    private static readonly ulong[] _g = BuildG();

    // 10^0 .. 10^17.
    private static readonly ulong[] _pow10 = BuildPow10();

    // The text of each exponent from MinDecimalExponent to MaxDecimalExponent ("e-324" .. "e+308") as a text word
    // (see Store) with its length in the top byte: one load instead of three divisions and the shifting to drop
    // leading zeros, which for random doubles, mostly written with exponents, was a tenth of the time.
    private static readonly ulong[] _exponents = BuildExponents();

    /// <summary>
    /// Writes <paramref name="value"/> as UTF-8 JSON number text: the shortest decimal that parses back to the same
    /// double (see the type's remarks for the notation).
    /// </summary>
    /// <param name="value">A finite double.</param>
    /// <param name="destination">
    /// At least <see cref="MaxLength"/> bytes. Bytes after the returned count, up to <see cref="MaxLength"/>,
    /// may be overwritten with scratch.
    /// </param>
    /// <returns>The number of bytes of text written at the start of <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="value"/> is NaN or infinite (JSON has no such numbers), or <paramref name="destination"/> is
    /// shorter than <see cref="MaxLength"/>.
    /// </exception>
    public static int Format(double value, Span<byte> destination)
    {
        if (destination.Length < MaxLength)
        {
            ThrowDestinationTooShort(destination.Length);
        }

        return FormatUnchecked(BitConverter.DoubleToUInt64Bits(value), ref MemoryMarshal.GetReference(destination));
    }

    /// <summary>
    /// Writes <paramref name="values"/> as one JSON array of numbers in <see cref="Format"/>'s notation, as a
    /// single raw value (so an indented <paramref name="writer"/> still puts the whole array on one line).
    /// </summary>
    /// <param name="writer">Where the array goes, positioned where a value may be written.</param>
    /// <param name="values">Finite doubles.</param>
    /// <exception cref="ArgumentException">
    /// Some element is NaN or infinite; nothing is written to <paramref name="writer"/> then.
    /// </exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WriteArray(Utf8JsonWriter writer, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(writer);

        // Each element takes at most 25 bytes and a comma; MaxLength per element covers that and leaves the last
        // element its scratch room.
        var capacity = checked((values.Length + 1) * MaxLength + 2);
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            ref var start = ref MemoryMarshal.GetArrayDataReference(buffer);
            start = (byte)'[';
            var length = 1;
            foreach (var value in values)
            {
                length += FormatUnchecked(BitConverter.DoubleToUInt64Bits(value), ref Unsafe.Add(ref start, length));
                Unsafe.Add(ref start, length++) = (byte)',';
            }

            // The trailing comma becomes the closing bracket; an empty array has none to replace.
            length += values.IsEmpty ? 1 : 0;
            Unsafe.Add(ref start, length - 1) = (byte)']';
            writer.WriteRawValue(buffer.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Optimized from the first call: run unoptimized (the first tier, then the profiling tier) this method and its
    // callees, which are meant to be inlined into it, are calls each, and a server's first result pages were twice as slow.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FormatUnchecked(ulong bits, ref byte destination)
    {
        // The sign goes out unconditionally and the text starts one byte later only for negatives: random signs
        // would otherwise cost a mispredicted branch on every other value.
        destination = (byte)'-';
        var negative = (int)(bits >> 63);
        ref var text = ref Unsafe.Add(ref destination, negative);

        var biased = (int)(bits >> 52) & 0x7FF;
        var fraction = bits & FractionMask;
        if (biased == 0x7FF)
        {
            ThrowNotFinite(bits);
        }

        ulong c;
        int q;
        var irregular = false;
        var scaledDown = 0;
        if (biased != 0)
        {
            c = fraction | HiddenBit;
            q = biased - 1075;

            // Integers below 2^53 are their own shortest decimal: any other decimal within half a unit in the
            // last place is either a different integer or has a fraction, hence more digits.
            if ((uint)-q <= 52u && (c & ((1UL << -q) - 1)) == 0)
            {
                return negative + WriteDecimal(ref text, Align(c >> -q, 0, out var integerPoint), integerPoint);
            }

            irregular = fraction == 0 && biased > 1;
        }
        else if (fraction == 0)
        {
            text = (byte)'0';
            return negative + 1;
        }
        else
        {
            c = fraction;
            q = MinBinaryExponent;
            if (c < 3)
            {
                // Giulietti's error analysis covers significands from 3 up. Scaling the two smallest subnormals by
                // ten narrows their rounding interval tenfold, which the tests check still yields 5e-324 and 1e-323.
                c *= 10;
                scaledDown = 1;
            }
        }

        var digits = Shortest(c, q, irregular, out var exponent10);
        exponent10 -= scaledDown;
        if (digits >= Pow10To15)
        {
            // The usual case, a normal double: 16 or 17 digits, aligned without counting them and without a branch
            // (either count is common). digits < 2^63, so the subtraction's sign bit says "16 digits".
            var sixteen = (digits - Pow10To16) >> 63;
            return negative + WriteDecimal(ref text, digits * (1 + 9 * sixteen), exponent10 + 17 - (int)sixteen);
        }

        return negative + WriteDecimal(ref text, Align(digits, exponent10, out var point), point);
    }

    /// <summary>
    /// The shortest (then closest) decimal digits · 10^<paramref name="exponent10"/> in the rounding interval of
    /// c · 2^q; the digits may end in zeros.
    /// </summary>
    /// <param name="irregular">c = 2^52 above the smallest exponent: the next double down is half as far away.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Shortest(ulong c, int q, bool irregular, out int exponent10)
    {
        // Everything is scaled by 4 so that the interval ends, c ± 1/2 (or c - 1/4), are integers.
        var cb = c << 2;
        var cbr = cb + 2;
        ulong cbl;
        int k;
        if (irregular)
        {
            cbl = cb - 1;
            k = FloorLog10ThreeQuartersPow2(q);
        }
        else
        {
            cbl = cb - 2;
            k = FloorLog10Pow2(q);
        }

        // h ∈ [2, 5] makes g · (cb << h) / 2^127 = 4 · c · 2^q · 10^-k, with cb << h < 2^61.
        var h = q + FloorLog2Pow10(-k) + 2;
        ref var g = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_g), 2 * (-k - MinTabulatedPow10));
        var g1 = g;
        var g0 = Unsafe.Add(ref g, 1);
        var vb = RoundToOddProduct(g1, g0, cb << h);
        var vbl = RoundToOddProduct(g1, g0, cbl << h);
        var vbr = RoundToOddProduct(g1, g0, cbr << h);

        // An odd c does not round-trip from its interval's ends (ties go to the even neighbour), so they are excluded.
        var excludeEnds = c & 1;
        exponent10 = k;

        // With 10^k ≤ the interval's width < 10^(k+1), at most one multiple of 10^(k+1) lies in the interval, and
        // when one does it is the unique shortest candidate.
        var s = vb >> 2;
        var sp10 = s / 10 * 10;
        var tp10 = sp10 + 10;
        var upin = vbl + excludeEnds <= sp10 << 2;
        var wpin = (tp10 << 2) + excludeEnds <= vbr;

        // Otherwise at least one of the multiples of 10^k either side of the value is in; take the closer one, the
        // even one on a tie. vb is odd unless exact, so vb + (s & 1) > 4s + 2 says "above the midpoint, or on it with
        // s odd".
        var uin = vbl + excludeEnds <= s << 2;
        var win = ((s + 1) << 2) + excludeEnds <= vbr;
        var above = vb + (s & 1) > (s << 2) + 2;

        // Written for conditional moves rather than branches: for random input a shorter candidate turns up for 10
        // to 50 % of values, and which of s and s + 1 wins is a coin toss, so branches would mispredict often.
        var shorter = upin ? sp10 : tp10;
        var closer = s + (!uin | (win & above) ? 1UL : 0UL);
        return upin != wpin ? shorter : closer;
    }

    /// <summary>
    /// floor(g · cp / 2^127), for g = g1 · 2^63 + g0, with the lowest bit set when the fraction is nonzero at a
    /// resolution of 2^-63: rounding to odd keeps every comparison with an even integer as it would be exactly.
    /// </summary>
    /// <remarks>
    /// The fraction must be judged at 2^-63 and not exactly: g exceeds the true scaled power of ten by up to 1, which
    /// lifts a product that is exactly an integer (a bound that is a decimal, say) by less than 2^-65. Giulietti shows
    /// that the products that are not integers stay further than that from one, for every significand from 3 up.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RoundToOddProduct(ulong g1, ulong g0, ulong cp)
    {
        var x1 = MultiplyHigh(g0, cp);
        var y1 = MultiplyHigh(g1, cp);
        var y0 = g1 * cp;

        // g · cp / 2^127 = y1 + (z + (y0 & 1) / 2 + low(g0 · cp) / 2^64) / 2^63, with z's low 63 bits the fraction.
        var z = (y0 >> 1) + x1;
        var fraction = z & Low63Mask;
        return y1 + (z >> 63) | ((fraction + Low63Mask) >> 63);
    }

    /// <summary>The high 64 bits of a · b.</summary>
    /// <remarks>
    /// Math.BigMul's out parameter for the low half makes the JIT keep it on the stack (and zero the frame on
    /// entry); the low half, when needed, is a plain multiply.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyHigh(ulong a, ulong b)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.MultiplyNoFlags(a, b);
        }

        if (ArmBase.Arm64.IsSupported)
        {
            return ArmBase.Arm64.MultiplyHigh(a, b);
        }

        return (ulong)(((UInt128)a * b) >> 64);
    }

    /// <summary>
    /// digits · 10^exponent10 (digits in [1, 10^17)) as 0.d₁…d₁₇ · 10^point: the digits scaled to exactly 17.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Align(ulong digits, int exponent10, out int point)
    {
        var count = DigitCount(digits);
        point = exponent10 + count;
        return digits * Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_pow10), 17 - count);
    }

    /// <summary>
    /// Writes 0.d₁…d₁₇ · 10^point, given d₁…d₁₇ as <paramref name="aligned"/> ∈ [10^16, 10^17), in the type's notation;
    /// returns the length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteDecimal(ref byte text, ulong aligned, int point)
    {
        // With exactly 17 digits the split into a lead digit and two 8-digit words is fixed, and the zeros the
        // alignment appended are the ones the notation needs (integers) or are trimmed by the count below.
        var head = aligned / 100_000_000;
        var lead = (uint)head / 100_000_000;
        var upper = (uint)head - lead * 100_000_000;
        var lower = (uint)(aligned - head * 100_000_000);
        ulong middle, low;
        int significant;
        if (Sse2.IsSupported)
        {
            significant = 1 + SixteenDigitsVector(upper, lower, out middle, out low);
        }
        else
        {
            significant = 1 + SixteenDigitsScalar(upper, lower, out middle, out low);
        }

        var leadChar = (byte)('0' + lead);

        if ((uint)(point - 1) < 21u)
        {
            text = leadChar;
            if (significant <= point)
            {
                Store(ref text, 1, middle);
                Store(ref text, 9, low);
                Store(ref text, 17, AsciiZeros);
                return point;
            }

            if (point <= 8)
            {
                Store(ref text, 1, InsertPoint(middle, point - 1));
                Unsafe.Add(ref text, 9) = (byte)(middle >> 56);
                Store(ref text, 10, low);
            }
            else
            {
                Store(ref text, 1, middle);
                Store(ref text, 9, InsertPoint(low, point - 9));
                Unsafe.Add(ref text, 17) = (byte)(low >> 56);
            }

            return significant + 1;
        }

        if ((uint)(point + 5) <= 5u)
        {
            Store(ref text, 0, SmallPrefix);
            var at = 2 - point;
            Unsafe.Add(ref text, at) = leadChar;
            Store(ref text, at + 1, middle);
            Store(ref text, at + 9, low);
            return at + significant;
        }

        text = leadChar;
        Unsafe.Add(ref text, 1) = (byte)'.';
        Store(ref text, 2, middle);
        Store(ref text, 10, low);
        var length = significant == 1 ? 1 : significant + 1;
        return length + WriteExponent(ref Unsafe.Add(ref text, length), point - 1);
    }

    /// <summary>Writes e±d, e±dd or e±ddd as one 8-byte store from a table; returns the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteExponent(ref byte text, int exponent)
    {
        var entry = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_exponents), exponent - MinDecimalExponent);
        Store(ref text, 0, entry);
        return (int)(entry >> 56);
    }

    /// <summary>
    /// The sixteen digits of <paramref name="upper"/> · 10^8 + <paramref name="lower"/> (both &lt; 10^8) as text
    /// words (see <see cref="Store"/>); returns how many remain once trailing zeros are dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int SixteenDigitsScalar(uint upper, uint lower, out ulong upperText, out ulong lowerText)
    {
        var upperDigits = EightDigits(upper);
        var lowerDigits = EightDigits(lower);
        upperText = upperDigits | AsciiZeros;
        lowerText = lowerDigits | AsciiZeros;

        // Digit bytes that are zero at the top of a word are trailing zeros of the number.
        return lowerDigits != 0
            ? 16 - (BitOperations.LeadingZeroCount(lowerDigits) >> 3)
            : upperDigits != 0 ? 8 - (BitOperations.LeadingZeroCount(upperDigits) >> 3) : 0;
    }

    /// <summary>
    /// <see cref="SixteenDigitsScalar"/> in SSE2 registers: both 8-digit numbers split into 4-, 2- and 1-digit lanes
    /// together, in about half the instructions of the two scalar word splits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int SixteenDigitsVector(uint upper, uint lower, out ulong upperText, out ulong lowerText)
    {
        // 64-bit lanes v < 10^8: v / 10^4 = v * 0xD1B71759 >> 45; the lanes become 32-bit (v % 10^4) << 32 | v / 10^4.
        var pair = Vector128.Create((ulong)upper, lower);
        var quotient = Sse2.ShiftRightLogical(Sse2.Multiply(pair.AsUInt32(), Vector128.Create(0xD1B7_1759u)), 45);
        var remainder = pair - Sse2.Multiply(quotient.AsUInt32(), Vector128.Create(10_000u));
        var four = (quotient | (remainder << 32)).AsUInt16();

        // 32-bit lanes v < 10^4 (so their upper 16 bits are 0): v / 100 = (v * 5243 >> 16) >> 3.
        var hundreds = Sse2.ShiftRightLogical(Sse2.MultiplyHigh(four, Vector128.Create((ushort)5243)), 3);
        var two = hundreds | ((four - Sse2.MultiplyLow(hundreds, Vector128.Create((ushort)100))).AsUInt32() << 16).AsUInt16();

        // 16-bit lanes v < 100: v / 10 = v * 6554 >> 16; each lane becomes (v % 10) << 8 | v / 10.
        var tens = Sse2.MultiplyHigh(two, Vector128.Create((ushort)6554));
        var digits = (tens | ((two - Sse2.MultiplyLow(tens, Vector128.Create((ushort)10))) << 8)).AsByte();

        var text = (digits | Vector128.Create((byte)'0')).AsUInt64();
        upperText = text.ToScalar();
        lowerText = text.GetElement(1);

        // Bit i of the mask says digit i is 0; the run of set bits from bit 15 down is the trailing zeros.
        var zeros = Vector128.Equals(digits, Vector128<byte>.Zero).ExtractMostSignificantBits();
        return 16 - BitOperations.LeadingZeroCount((~zeros << 16) | 0x8000);
    }

    /// <summary>
    /// The eight decimal digits of <paramref name="value"/> (&lt; 10^8) as byte values 0..9, most significant in the
    /// lowest byte (the first in text order, see <see cref="Store"/>): splits into 4-digit, then 2-digit, then 1-digit lanes of one word in three steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong EightDigits(uint value)
    {
        var upper = value / 10_000;
        var x = upper | ((ulong)(value - upper * 10_000) << 32);

        // In each 32-bit lane v < 10^4: v * 10486 >> 20 = v / 100; then the lane becomes (v % 100) << 16 | v / 100.
        var hundreds = ((x * 10_486) >> 20) & 0x0000_007F_0000_007F;
        x = (x << 16) - hundreds * ((100 << 16) - 1);

        // In each 16-bit lane v < 100: v * 103 >> 10 = v / 10; then the lane becomes (v % 10) << 8 | v / 10.
        var tens = ((x * 103) >> 10) & 0x000F_000F_000F_000F;
        x = (x << 8) - tens * ((10 << 8) - 1);

        return x;
    }

    /// <summary>
    /// Eight text bytes with a '.' inserted after the first <paramref name="at"/> (0..7); the last byte falls off
    /// the end and the caller writes it separately.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong InsertPoint(ulong text, int at)
    {
        var before = (1UL << (8 * at)) - 1;
        return (text & before) | ((ulong)'.' << (8 * at)) | ((text & ~before) << 8);
    }

    /// <summary>Stores a word whose byte i (bits 8i..8i+7) is the i-th byte of text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref byte text, int offset, ulong bytes) =>
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref text, offset), BitConverter.IsLittleEndian ? bytes : BinaryPrimitives.ReverseEndianness(bytes));

    /// <summary>The number of decimal digits of <paramref name="value"/> ∈ [1, 10^17].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DigitCount(ulong value)
    {
        // bits · 1233 / 4096 is floor(bits · log10 2) for bits ≤ 64, and the digit count is that or one more.
        var bits = 64 - BitOperations.LeadingZeroCount(value);
        var guess = (bits * 1233) >> 12;
        return guess + (value >= Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_pow10), guess) ? 1 : 0);
    }

    // The three logarithms below are multiply-shift approximations; the tests compare each with the exact
    // value over a range covering every q and k used here.

    /// <summary>floor(q · log10 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog10Pow2(int q) => (q * 315_653) >> 20;

    /// <summary>floor(log10(3/4 · 2^q)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog10ThreeQuartersPow2(int q) => (q * 315_653 - 131_008) >> 20;

    /// <summary>floor(e · log2 10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog2Pow10(int e) => (e * 1_741_647) >> 19;

    /// <summary>g(e) as (high 63 bits, low 63 bits), for the tests.</summary>
    internal static (ulong High, ulong Low) TabulatedPow10(int e) =>
        (_g[2 * (e - MinTabulatedPow10)], _g[2 * (e - MinTabulatedPow10) + 1]);

    private static ulong[] BuildG()
    {
        var table = new ulong[2 * (MaxTabulatedPow10 - MinTabulatedPow10 + 1)];
        var low63 = new BigInteger(Low63Mask);
        for (var e = MinTabulatedPow10; e <= MaxTabulatedPow10; e++)
        {
            var shift = 125 - FloorLog2Pow10(e);
            BigInteger g;
            if (e >= 0)
            {
                var power = BigInteger.Pow(10, e);
                g = shift >= 0 ? power << shift : power >> -shift;
            }
            else
            {
                g = (BigInteger.One << shift) / BigInteger.Pow(10, -e);
            }

            g += 1;
            var index = 2 * (e - MinTabulatedPow10);
            table[index] = (ulong)(g >> 63);
            table[index + 1] = (ulong)(g & low63);
        }

        return table;
    }

    private static ulong[] BuildExponents()
    {
        var table = new ulong[MaxDecimalExponent - MinDecimalExponent + 1];
        for (var exponent = MinDecimalExponent; exponent <= MaxDecimalExponent; exponent++)
        {
            var text = (exponent < 0 ? "e-" : "e+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
            var entry = (ulong)text.Length << 56;
            for (var i = 0; i < text.Length; i++)
            {
                entry |= (ulong)text[i] << (8 * i);
            }

            table[exponent - MinDecimalExponent] = entry;
        }

        return table;
    }

    private static ulong[] BuildPow10()
    {
        var table = new ulong[18];
        table[0] = 1;
        for (var i = 1; i < table.Length; i++)
        {
            table[i] = table[i - 1] * 10;
        }

        return table;
    }

    [DoesNotReturn]
    private static void ThrowDestinationTooShort(int length) =>
        throw new ArgumentException($"The destination has {length} bytes; formatting needs at least {MaxLength}.", "destination");

    [DoesNotReturn]
    private static void ThrowNotFinite(ulong bits) =>
        throw new ArgumentException(
            $"{BitConverter.UInt64BitsToDouble(bits)} has no JSON representation; only finite doubles can be written.", "value");
}
