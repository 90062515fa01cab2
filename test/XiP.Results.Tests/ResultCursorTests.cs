using System.Buffers.Binary;
using System.Buffers.Text;

using XiP.Abstractions.Results;

namespace XiP.Results.Tests;

public sealed class ResultCursorTests
{
    [Theory]
    [InlineData("T1", "PV")]
    [InlineData("a\0b", "\0")]
    [InlineData("\u4e2d\U0001F600", "m\u00e9")]
    [InlineData("x", "")]
    public void A_cursor_decodes_to_the_key_it_was_made_from(string tradeId, string measure)
    {
        var cursor = ResultCursor.Encode(tradeId, measure);

        Assert.Equal((tradeId, measure), ResultCursor.Decode(cursor, "query.Cursor"));
        Assert.True(Base64Url.IsValid(cursor));
        Assert.DoesNotContain('=', cursor);
    }

    [Fact]
    public void The_length_prefix_keeps_keys_that_concatenate_alike_apart()
    {
        Assert.NotEqual(ResultCursor.Encode("ab", "c"), ResultCursor.Encode("a", "bc"));
    }

    public static TheoryData<string> Malformed()
    {
        var data = new TheoryData<string> { string.Empty, "A", "not a cursor", "%%%%", "\u00e9\u00e9\u00e9\u00e9", "AQ" };
        data.Add(Base64Url.EncodeToString(Header(2, 0))); // unknown format version
        data.Add(Base64Url.EncodeToString(Header(1, -1)));
        data.Add(Base64Url.EncodeToString([.. Header(1, 3), .. "ab"u8])); // trade id longer than the rest
        data.Add(Base64Url.EncodeToString([.. Header(1, 1), 0xC3, 0x28])); // invalid UTF-8
        return data;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_cursor_throws_ArgumentException_naming_the_parameter(string cursor)
    {
        var exception = Assert.Throws<ArgumentException>(() => ResultCursor.Decode(cursor, "query.Cursor"));

        Assert.Equal("query.Cursor", exception.ParamName);
    }

    [Theory]
    [InlineData("a", "b", -1)]
    [InlineData("B", "a", -1)]
    [InlineData("T10", "T2", -1)]
    [InlineData("\uFF5E", "\U0001F600", -1)] // ordinal UTF-16 comparison says the opposite
    [InlineData("\u00e9", "\u00e9", 0)]
    public void CompareUtf8_is_code_point_order(string left, string right, int sign)
    {
        Assert.Equal(sign, Math.Sign(ResultCursor.CompareUtf8(left, right)));
        Assert.Equal(-sign, Math.Sign(ResultCursor.CompareUtf8(right, left)));
    }

    private static byte[] Header(byte version, int tradeLength)
    {
        var header = new byte[5];
        header[0] = version;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(1), tradeLength);
        return header;
    }
}
