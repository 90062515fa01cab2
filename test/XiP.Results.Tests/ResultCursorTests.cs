using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace XiP.Results.Tests;

public sealed class ResultCursorTests
{
    [Theory]
    [InlineData(0, 0, "pv")]
    [InlineData(3, 15, "dividendRho")]
    [InlineData(int.MaxValue, int.MaxValue, "")]
    [InlineData(7, 0, "m\u00e9\u4e2d\U0001F600\0")]
    public void A_cursor_decodes_to_the_position_it_was_made_from(int block, int trade, string measure)
    {
        var cursor = ResultCursor.Encode(block, trade, measure);

        Assert.Equal((block, trade, measure), ResultCursor.Decode(cursor, "query.Cursor"));
        Assert.True(Base64Url.IsValid(cursor));
        Assert.DoesNotContain('=', cursor);
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
    }

    [Fact]
    public void The_stored_form_is_a_format_byte_two_little_endian_integers_and_the_measure_in_UTF8()
    {
        var bytes = Base64Url.DecodeFromChars(ResultCursor.Encode(0x0102_0304, 5, "pv01"));

        Assert.Equal(2, bytes[0]);
        Assert.Equal(0x0102_0304, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(1)));
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(5)));
        Assert.Equal("pv01", Encoding.UTF8.GetString(bytes.AsSpan(9)));
    }

    public static TheoryData<string> Malformed()
    {
        var valid = Base64Url.DecodeFromChars(ResultCursor.Encode(1, 2, "pv"));
        string With(Action<byte[]> change)
        {
            var copy = valid.ToArray();
            change(copy);
            return Base64Url.EncodeToString(copy);
        }

        return new TheoryData<string>
        {
            string.Empty,
            "A",
            "%%%%",
            "not+base64/",
            "\u00e9\u00e9\u00e9\u00e9",
            new string('A', 516), // longer than any cursor
            With(b => b[0] = 1), // the format before block storage
            With(b => b[0] = 3),
            Base64Url.EncodeToString(valid.AsSpan(0, 8)), // truncated in the trade
            Base64Url.EncodeToString(valid.AsSpan(0, 1)),
            With(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(1), -1)), // negative block
            With(b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(5), int.MinValue)), // negative trade
            Base64Url.EncodeToString([.. valid.AsSpan(0, 9), 0xC3, 0x28]), // not UTF-8
            Base64Url.EncodeToString([.. valid.AsSpan(0, 9), 0xED, 0xA0, 0x80]), // an encoded surrogate
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_cursor_throws_ArgumentException_naming_the_parameter(string cursor)
    {
        var exception = Assert.Throws<ArgumentException>(() => ResultCursor.Decode(cursor, "query.Cursor"));

        Assert.Equal("query.Cursor", exception.ParamName);
    }

    [Fact]
    public void A_null_cursor_throws_ArgumentException_naming_the_parameter()
    {
        Assert.Equal("cursor", Assert.Throws<ArgumentException>(() => ResultCursor.Decode(null!, "cursor")).ParamName);
    }
}
