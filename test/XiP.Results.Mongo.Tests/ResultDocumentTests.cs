using System.Buffers.Binary;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using XiP.Abstractions.Results;

namespace XiP.Results.Mongo.Tests;

/// <summary>The stored document shape, through the driver's own BSON writer and reader; no server.</summary>
public sealed class ResultDocumentTests
{
    private const string Run = "run-1";

    private static readonly double[] Awkward =
    [
        0.0, -0.0, 1.0, -1.5, Math.PI, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
        double.PositiveInfinity, double.NegativeInfinity, double.NaN,
        BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234), // quiet NaN with a payload
        BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001)), // negative NaN with a payload
        BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001), // signalling NaN
        BitConverter.Int64BitsToDouble(0x000F_FFFF_FFFF_FFFF), // largest subnormal
        1e-310, 123456789.123456789,
    ];

    public static TheoryData<ResultRecord> Records => new()
    {
        new ResultRecord(Run, "T1", "PV", "Rates", 7, Awkward, null),
        new ResultRecord(Run, "T2", "PV", "Rates", 1, [], null),
        new ResultRecord(Run, "T3", "DV01", "Credit", 2, null, "curve 'EUR-ESTR' is missing"),
        new ResultRecord(Run, "T4", "PV", string.Empty, 0, null, null),
        new ResultRecord(Run, "T5", "PV", "Rates", int.MaxValue, [1.0], string.Empty),
        new ResultRecord(Run, "T\u00e9\0\u4e2d\U0001F600", "m\0x", "B\u00e4", int.MinValue, [-0.0], "\0"),
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Every_kind_of_record_round_trips_through_BSON_bit_exactly(ResultRecord record)
    {
        var bytes = ResultDocument.FromRecord(record).ToBson();
        var read = ResultDocument.ToRecord(Run, BsonSerializer.Deserialize<BsonDocument>(bytes));

        Assert.Equal(record with { Values = null }, read with { Values = null });
        if (record.Values is null)
        {
            Assert.Null(read.Values);
        }
        else
        {
            Assert.NotNull(read.Values);
            Assert.Equal(record.Values.Select(BitConverter.DoubleToInt64Bits), read.Values.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void The_document_has_the_documented_field_names_types_and_order()
    {
        var record = new ResultRecord(Run, "T1", "PV", "Rates", 3, [1.5, -0.0, double.NaN], "partial");

        var document = BsonSerializer.Deserialize<BsonDocument>(ResultDocument.FromRecord(record).ToBson());

        Assert.Equal(["r", "t", "m", "b", "ver", "vals", "err"], document.Names);
        Assert.Equal(
            [BsonType.String, BsonType.String, BsonType.String, BsonType.String, BsonType.Int32, BsonType.Binary, BsonType.String],
            document.Values.Select(value => value.BsonType));
        Assert.Equal(new BsonDocument { { "r", Run }, { "t", "T1" }, { "m", "PV" }, { "b", "Rates" }, { "ver", 3 } }, new BsonDocument(document.Elements.Take(5)));
        Assert.Equal("partial", document["err"].AsString);

        var values = document["vals"].AsBsonBinaryData;
        Assert.Equal(BsonBinarySubType.Binary, values.SubType);
        var expected = new byte[3 * sizeof(double)];
        BinaryPrimitives.WriteInt64LittleEndian(expected, BitConverter.DoubleToInt64Bits(1.5));
        BinaryPrimitives.WriteInt64LittleEndian(expected.AsSpan(8), BitConverter.DoubleToInt64Bits(-0.0));
        BinaryPrimitives.WriteInt64LittleEndian(expected.AsSpan(16), BitConverter.DoubleToInt64Bits(double.NaN));
        Assert.Equal(expected, values.Bytes);
    }

    [Fact]
    public void No_values_and_no_error_are_absent_fields_and_no_id_is_written()
    {
        var none = ResultDocument.FromRecord(new ResultRecord(Run, "T1", "PV", "Rates", 1, null, null));
        var empty = ResultDocument.FromRecord(new ResultRecord(Run, "T1", "PV", "Rates", 1, [], null));

        Assert.Equal(["r", "t", "m", "b", "ver"], none.Names);
        Assert.Equal(["r", "t", "m", "b", "ver", "vals"], empty.Names);
        Assert.Empty(empty["vals"].AsBsonBinaryData.Bytes);
    }

    public static TheoryData<string, BsonDocument> Malformed => new()
    {
        { "'t'", new BsonDocument { { "m", "PV" }, { "b", "Rates" }, { "ver", 1 } } },
        { "'ver' field of type Int64", new BsonDocument { { "t", "T1" }, { "m", "PV" }, { "b", "Rates" }, { "ver", 1L } } },
        { "'b' field of type Null", new BsonDocument { { "t", "T1" }, { "m", "PV" }, { "b", BsonNull.Value }, { "ver", 1 } } },
        { "'vals' field of type Array", new BsonDocument { { "t", "T1" }, { "m", "PV" }, { "b", "Rates" }, { "ver", 1 }, { "vals", new BsonArray { 1.0 } } } },
        { "subtype UuidStandard", new BsonDocument { { "t", "T1" }, { "m", "PV" }, { "b", "Rates" }, { "ver", 1 }, { "vals", new BsonBinaryData(new byte[16], BsonBinarySubType.UuidStandard) } } },
        { "and 7 bytes", new BsonDocument { { "t", "T1" }, { "m", "PV" }, { "b", "Rates" }, { "ver", 1 }, { "vals", new BsonBinaryData(new byte[7]) } } },
        { "'err' field of type Int32", new BsonDocument { { "t", "T1" }, { "m", "PV" }, { "b", "Rates" }, { "ver", 1 }, { "err", 5 } } },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_document_of_another_shape_is_rejected_saying_what_is_wrong(string problem, BsonDocument document)
    {
        var exception = Assert.Throws<InvalidDataException>(() => ResultDocument.ToRecord(Run, document));

        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_upsert_matches_the_key_with_the_simple_collation_and_replaces_the_whole_document()
    {
        var record = new ResultRecord(Run, "T1", "PV", "Rates", 2, [1.0], null);

        var model = MongoResultStore.Upsert(record);

        Assert.Equal(new BsonDocument { { "r", Run }, { "t", "T1" }, { "m", "PV" } }, Render.Filter(model.Filter));
        Assert.Equal(ResultDocument.FromRecord(record), model.Replacement);
        Assert.True(model.IsUpsert);
        Assert.Equal(new BsonDocument("locale", "simple"), model.Collation.ToBsonDocument());
    }
}
