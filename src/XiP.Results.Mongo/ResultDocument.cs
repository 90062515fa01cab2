using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MongoDB.Bson;
using XiP.Abstractions.Results;

namespace XiP.Results.Mongo;

/// <summary>
/// The stored form of a <see cref="ResultRecord"/>: one document per (run, trade, measure).
/// </summary>
/// <remarks>
/// <para>
/// Fields, in this order (names are short because every result document repeats them):
/// </para>
/// <list type="table">
/// <item><term><c>_id</c></term><description>ObjectId the server assigns on first insert; a replacement keeps it. Not part of the key.</description></item>
/// <item><term><c>r</c></term><description>string: run id.</description></item>
/// <item><term><c>t</c></term><description>string: trade id.</description></item>
/// <item><term><c>m</c></term><description>string: measure.</description></item>
/// <item><term><c>b</c></term><description>string: book.</description></item>
/// <item><term><c>ver</c></term><description>int32: trade version.</description></item>
/// <item><term><c>vals</c></term><description>binary, subtype 0: the values as little-endian IEEE 754 doubles back to back; absent when the record has no values.</description></item>
/// <item><term><c>err</c></term><description>string: why the trade could not be valued; absent when the record has no error.</description></item>
/// </list>
/// <para>
/// Values are binary rather than a BSON array of doubles: MongoDB promises nothing about NaN payloads, and
/// the contract requires every bit back; binary is also about 40 % smaller than an array, which spends a
/// type byte and a decimal index name on each element. An empty array is an empty binary, distinct from
/// an absent field.
/// </para>
/// </remarks>
internal static class ResultDocument
{
    public const string Id = "_id";
    public const string Run = "r";
    public const string Trade = "t";
    public const string Measure = "m";
    public const string Book = "b";
    public const string TradeVersion = "ver";
    public const string Values = "vals";
    public const string Error = "err";

    /// <summary>The document of <paramref name="record"/>, without <c>_id</c>, so that a replacement keeps the stored one.</summary>
    public static BsonDocument FromRecord(ResultRecord record)
    {
        var document = new BsonDocument
        {
            { Run, record.RunId },
            { Trade, record.TradeId },
            { Measure, record.Measure },
            { Book, record.Book },
            { TradeVersion, record.TradeVersion },
        };
        if (record.Values is not null)
        {
            document.Add(Values, new BsonBinaryData(EncodeValues(record.Values), BsonBinarySubType.Binary));
        }

        if (record.Error is not null)
        {
            document.Add(Error, record.Error);
        }

        return document;
    }

    /// <summary>The record stored in <paramref name="document"/>, which was read without its run id (see <see cref="PageQuery"/>).</summary>
    /// <exception cref="InvalidDataException">The document does not have the shape <see cref="FromRecord"/> writes.</exception>
    public static ResultRecord ToRecord(string runId, BsonDocument document)
    {
        var tradeId = Required(document, Trade, BsonType.String).AsString;
        var measure = Required(document, Measure, BsonType.String).AsString;
        var book = Required(document, Book, BsonType.String).AsString;
        var tradeVersion = Required(document, TradeVersion, BsonType.Int32).AsInt32;
        var values = Optional(document, Values, BsonType.Binary) is { } binary ? DecodeValues(binary.AsBsonBinaryData, tradeId, measure) : null;
        var error = Optional(document, Error, BsonType.String)?.AsString;
        return new ResultRecord(runId, tradeId, measure, book, tradeVersion, values, error);
    }

    private static byte[] EncodeValues(double[] values)
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<byte, long>(bytes.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return bytes;
    }

    private static double[] DecodeValues(BsonBinaryData binary, string tradeId, string measure)
    {
        var bytes = binary.Bytes;
        if (binary.SubType != BsonBinarySubType.Binary || bytes.Length % sizeof(double) != 0)
        {
            throw new InvalidDataException(
                $"The stored result {tradeId}/{measure} has a '{Values}' binary of subtype {binary.SubType} and {bytes.Length} bytes; expected subtype Binary and a whole number of doubles.");
        }

        var values = new double[bytes.Length / sizeof(double)];
        bytes.AsSpan().CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<double, long>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return values;
    }

    private static BsonValue Required(BsonDocument document, string name, BsonType type)
        => Optional(document, name, type) ?? throw new InvalidDataException($"A stored result has no '{name}' field.");

    private static BsonValue? Optional(BsonDocument document, string name, BsonType type)
    {
        if (!document.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.BsonType == type
            ? value
            : throw new InvalidDataException($"A stored result has a '{name}' field of type {value.BsonType}; expected {type}.");
    }
}
