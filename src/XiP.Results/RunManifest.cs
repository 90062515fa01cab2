using System.Buffers;
using XiP.Pricing.Columnar;

namespace XiP.Results;

/// <summary>
/// What a run stored: how many trades, in blocks of how many, under how many markets (base and scenarios),
/// for which measures (in result order: by name, ordinal). Written once, when the run is submitted.
/// </summary>
public sealed record RunManifest(string RunId, int Trades, int TradesPerBlock, int Markets, IReadOnlyList<string> Measures)
{
    private const int Format = 0x01_4D_52_58; // "XRM" and version 1

    public int Blocks => TradesPerBlock == 0 ? 0 : (Trades + TradesPerBlock - 1) / TradesPerBlock;

    /// <summary>The trades of block <paramref name="block"/>.</summary>
    public int TradesIn(int block) => Math.Min(TradesPerBlock, Trades - block * TradesPerBlock);

    public static RunManifest Create(string runId, int trades, int tradesPerBlock, int markets, IEnumerable<string> measures)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trades);
        ArgumentOutOfRangeException.ThrowIfLessThan(tradesPerBlock, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(markets, 1);
        var sorted = measures.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var measure in sorted)
        {
            // an empty name would make "v-", which RunParts.IsValues does not take for values
            if (measure.Length == 0 || !RunParts.IsValidName(RunParts.Values(measure)))
            {
                throw new ArgumentException($"'{measure}' cannot name a stored part.", nameof(measures));
            }
        }

        return new RunManifest(runId, trades, tradesPerBlock, markets, sorted);
    }

    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var w = new ColumnWriter(buffer);
        w.Int32(Format);
        w.String(RunId);
        w.Int32(Trades);
        w.Int32(TradesPerBlock);
        w.Int32(Markets);
        w.Strings([.. Measures]);
        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="InvalidDataException">The blob is not a manifest of this format.</exception>
    public static RunManifest Decode(ReadOnlySpan<byte> data)
    {
        var r = new ColumnReader(data);
        if (r.Int32() != Format)
        {
            throw new InvalidDataException("The stored blob is not a run manifest of this format.");
        }

        var runId = r.String();
        var trades = r.Count(int.MaxValue);
        var perBlock = r.Count(int.MaxValue);
        var markets = r.Count(int.MaxValue);
        var measures = r.Strings(64);
        if (perBlock < 1 || markets < 1)
        {
            throw new InvalidDataException("A stored run manifest has no blocks or no markets.");
        }

        return new RunManifest(runId, trades, perBlock, markets, measures);
    }
}
