using System.Buffers;
using System.Buffers.Binary;
using XiP.Pricing.Columnar;

namespace XiP.Results.Tests;

public sealed class RunManifestTests
{
    [Fact]
    public void Create_orders_the_measures_by_name_ordinally_without_duplicates()
    {
        var manifest = RunManifest.Create("run-1", 10, 4, 3, ["pv", "delta", "pv01", "Vega", "pv", "dividendRho"]);

        Assert.Equal(["Vega", "delta", "dividendRho", "pv", "pv01"], manifest.Measures);
    }

    [Theory]
    [InlineData(0, 16, 0)]
    [InlineData(1, 16, 1)]
    [InlineData(16, 16, 1)]
    [InlineData(17, 16, 2)]
    [InlineData(150, 16, 10)]
    [InlineData(1_000_003, 4096, 245)]
    public void Blocks_cover_the_trades_and_the_last_block_holds_the_rest(int trades, int perBlock, int blocks)
    {
        var manifest = RunManifest.Create("run-1", trades, perBlock, 1, ["pv"]);

        Assert.Equal(blocks, manifest.Blocks);
        if (blocks > 0)
        {
            Assert.Equal(trades - ((long)(blocks - 1) * perBlock), manifest.TradesIn(blocks - 1));
            Assert.Equal(Math.Min(perBlock, trades), manifest.TradesIn(0));
        }
    }

    [Fact]
    public void A_manifest_round_trips_through_its_stored_form()
    {
        var manifest = RunManifest.Create("run/\U0001F600 中文 ", 1_000_003, 4096, 1001, ["pv", "delta", "parRate"]);

        var decoded = RunManifest.Decode(manifest.Encode());

        Assert.Equal((manifest.RunId, manifest.Trades, manifest.TradesPerBlock, manifest.Markets), (decoded.RunId, decoded.Trades, decoded.TradesPerBlock, decoded.Markets));
        Assert.Equal(manifest.Measures, decoded.Measures);
        Assert.Equal(manifest.Encode(), decoded.Encode());
    }

    [Theory]
    [InlineData("p v")]
    [InlineData("pv.1")]
    [InlineData("a/b")]
    [InlineData("../pv")]
    [InlineData("pv\u00e9")]
    [InlineData("pv_01")]
    [InlineData("")]
    public void A_measure_that_cannot_name_a_stored_part_is_refused(string measure)
    {
        var exception = Assert.Throws<ArgumentException>(() => RunManifest.Create("run-1", 1, 1, 1, ["pv", measure]));

        Assert.Equal("measures", exception.ParamName);
        Assert.Contains(measure, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_measure_of_62_characters_is_the_longest_accepted()
    {
        var longest = new string('m', 62);
        var tooLong = new string('m', 63);

        Assert.Equal([longest], RunManifest.Create("run-1", 1, 1, 1, [longest]).Measures);
        Assert.Equal("measures", Assert.Throws<ArgumentException>(() => RunManifest.Create("run-1", 1, 1, 1, [tooLong])).ParamName);
    }

    [Theory]
    [InlineData(-1, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, 0)]
    public void Create_refuses_counts_out_of_range(int trades, int perBlock, int markets)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RunManifest.Create("run-1", trades, perBlock, markets, ["pv"]));
    }

    [Fact]
    public void Every_truncation_throws_InvalidDataException()
    {
        var blob = RunManifest.Create("run-1", 100, 10, 5, ["pv", "delta"]).Encode();

        for (var length = 0; length < blob.Length; length++)
        {
            var prefix = blob[..length];
            Assert.Throws<InvalidDataException>(() => RunManifest.Decode(prefix));
        }
    }

    [Theory]
    [InlineData(0, 0x01_56_52_58)] // a value block's tag
    [InlineData(-1, 10)] // trades
    [InlineData(-2, 0)] // trades per block
    [InlineData(-3, 0)] // markets
    [InlineData(-4, 65)] // measures
    public void A_blob_that_is_not_a_manifest_throws_InvalidDataException(int field, int value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new ColumnWriter(buffer);
        w.Int32(field == 0 ? value : 0x01_4D_52_58);
        w.String("run-1");
        w.Int32(field == -1 ? -value : 100);
        w.Int32(field == -2 ? value : 10);
        w.Int32(field == -3 ? value : 5);
        var measures = Enumerable.Range(0, field == -4 ? value : 2).Select(i => $"m{i}").ToArray();
        w.Strings(measures);

        Assert.Throws<InvalidDataException>(() => RunManifest.Decode(buffer.WrittenSpan));
    }

    [Fact]
    public void The_stored_form_starts_with_its_format_tag()
    {
        var blob = RunManifest.Create("run-1", 1, 1, 1, ["pv"]).Encode();

        Assert.Equal(0x01_4D_52_58, BinaryPrimitives.ReadInt32LittleEndian(blob));
    }
}
