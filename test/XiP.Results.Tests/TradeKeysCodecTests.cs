using System.Buffers;
using XiP.Pricing.Columnar;

namespace XiP.Results.Tests;

public sealed class TradeKeysCodecTests
{
    [Fact]
    public void A_blocks_keys_round_trip()
    {
        var table = SampleRun.Standard.Table.Slice(16, 16);
        var keys = TradeKeysCodec.Of(table);

        var decoded = TradeKeysCodec.Decode(TradeKeysCodec.Encode(keys));

        Assert.Equal(table.Ids, decoded.Ids);
        Assert.Equal(table.Versions, decoded.Versions);
        Assert.Equal(table.Books, decoded.Books);
        Assert.Equal(Enumerable.Range(0, table.Count).Select(table.BookOf), decoded.BookIndex.Select(i => decoded.Books[i]));
    }

    [Fact]
    public void Odd_ids_books_and_versions_round_trip()
    {
        var keys = new TradeKeys(
            ["T\U0001F600", "\uFF5E", string.Empty, "a\0b", new string('x', 5000)],
            [int.MinValue, 0, 1, int.MaxValue, -1],
            [1, 0, 2, 1, 0],
            ["équités", "中文", string.Empty]);

        var decoded = TradeKeysCodec.Decode(TradeKeysCodec.Encode(keys));

        Assert.Equal(keys.Ids, decoded.Ids);
        Assert.Equal(keys.Versions, decoded.Versions);
        Assert.Equal(keys.BookIndex, decoded.BookIndex);
        Assert.Equal(keys.Books, decoded.Books);
    }

    [Fact]
    public void A_block_of_no_trades_round_trips()
    {
        var decoded = TradeKeysCodec.Decode(TradeKeysCodec.Encode(TradeKeysCodec.Of(TradeTable.Empty)));

        Assert.Empty(decoded.Ids);
        Assert.Empty(decoded.Books);
    }

    [Fact]
    public void Every_truncation_throws_InvalidDataException()
    {
        var blob = TradeKeysCodec.Encode(TradeKeysCodec.Of(SampleRun.Standard.Table.Slice(0, 5)));

        for (var length = 0; length < blob.Length; length++)
        {
            var prefix = blob[..length];
            Assert.Throws<InvalidDataException>(() => TradeKeysCodec.Decode(prefix));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void A_book_index_outside_the_books_throws_InvalidDataException(int bookIndex)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new ColumnWriter(buffer);
        w.Int32(0x01_4B_52_58);
        w.Strings(["rates", "credit"]);
        w.Strings(["T1", "T2"]);
        w.Int32s([1, 1]);
        w.Int32s([0, bookIndex]);

        Assert.Throws<InvalidDataException>(() => TradeKeysCodec.Decode(buffer.WrittenSpan));
    }

    [Fact]
    public void Another_blob_throws_InvalidDataException()
    {
        Assert.Throws<InvalidDataException>(() => TradeKeysCodec.Decode(TradeTableCodec.Encode(SampleRun.Standard.Table.Slice(0, 2))));
        Assert.Throws<InvalidDataException>(() => TradeKeysCodec.Decode(RunManifest.Create("r", 1, 1, 1, ["pv"]).Encode()));
    }
}
