using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using XiP.Abstractions.MarketData;
using XiP.Pricing.MarketData;

namespace XiP.Grains.Pricing;

/// <summary>
/// Calibrated markets of recent <c>POST /v1/price</c> requests, per silo, keyed by the market data's
/// content: clients price many requests on the same snapshot (stored, or sent inline each time), and
/// calibrating its curves costs more than pricing one option on them. A calibrated
/// <see cref="MarketSnapshot"/> is immutable and a pure function of the quotes, so an entry never goes
/// stale and a hit returns the very snapshot a fresh calibration would build again, to the bit.
/// </summary>
/// <remarks>
/// The key is the quotes written out in a binary form (every field, lengths before contents, doubles as
/// their bits), compared byte for byte: equal keys are equal quotes, with no reliance on a hash. Curves
/// and equities are written in the dictionaries' order, so the same quotes listed in another order are a
/// second entry, never a wrong one. Bounded: the least recently used entry goes first.
/// </remarks>
public sealed class CalibratedMarketCache
{
    /// <summary>How many calibrated markets are kept.</summary>
    public const int Capacity = 64;

    // Market data larger than this (tens of thousands of pillars) is calibrated every time rather than kept.
    private const int MaxKeyBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    private readonly ConcurrentDictionary<byte[], Entry> _entries = new(KeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private readonly Lock _evicting = new();
    private long _clock;

    public CalibratedMarketCache() => _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The number of markets kept now.</summary>
    public int Count => _entries.Count;

    /// <summary>The calibrated market of <paramref name="spec"/>: kept from an earlier request, or built by <paramref name="calibrate"/> and kept.</summary>
    /// <remarks>A market that fails to calibrate is not kept: <paramref name="calibrate"/> throws again for the next request.</remarks>
    public MarketSnapshot GetOrAdd(MarketDataSpec spec, Func<MarketDataSpec, MarketSnapshot> calibrate)
    {
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(256);
        scratch.ResetWrittenCount();
        Write(scratch, spec);
        var key = scratch.WrittenSpan;
        if (_bySpan.TryGetValue(key, out var hit))
        {
            hit.LastUse = Interlocked.Increment(ref _clock);
            return hit.Market;
        }

        var market = calibrate(spec);
        if (key.Length <= MaxKeyBytes)
        {
            _entries[key.ToArray()] = new Entry(market) { LastUse = Interlocked.Increment(ref _clock) };
            if (_entries.Count > Capacity)
            {
                EvictLeastRecentlyUsed();
            }
        }

        return market;
    }

    private void EvictLeastRecentlyUsed()
    {
        lock (_evicting)
        {
            while (_entries.Count > Capacity)
            {
                var oldest = _entries.MinBy(e => e.Value.LastUse);
                _entries.TryRemove(oldest);
            }
        }
    }

    /// <summary>Writes every field of <paramref name="spec"/>, so that two specs write the same bytes only when they are equal.</summary>
    internal static void Write(IBufferWriter<byte> key, MarketDataSpec spec)
    {
        Write(key, spec.ValuationDate.DayNumber);
        Write(key, spec.Curves.Count);
        foreach (var (name, curve) in spec.Curves)
        {
            Write(key, name);
            Write(key, curve.FlatRate);
            Write(key, curve.Interpolation is { } interpolation ? (int)interpolation : -1);
            Write(key, curve.Pillars?.Count ?? -1);
            foreach (var pillar in curve.Pillars ?? [])
            {
                Write(key, pillar.Date.DayNumber);
                Write(key, pillar.ZeroRate);
            }

            Write(key, curve.Instruments?.Count ?? -1);
            foreach (var instrument in curve.Instruments ?? [])
            {
                Write(key, (int)instrument.Type);
                Write(key, instrument.Tenor);
                Write(key, instrument.Rate);
                Write(key, instrument.FixedFrequency is { } fixedFrequency ? (int)fixedFrequency : -1);
                Write(key, instrument.FloatFrequency is { } floatFrequency ? (int)floatFrequency : -1);
            }
        }

        Write(key, spec.Equities.Count);
        foreach (var (name, equity) in spec.Equities)
        {
            Write(key, name);
            Write(key, equity.Spot);
            Write(key, equity.DividendYield);
            Write(key, equity.Volatility);
        }
    }

    private static void Write(IBufferWriter<byte> key, int value)
    {
        MemoryMarshal.Write(key.GetSpan(sizeof(int)), value);
        key.Advance(sizeof(int));
    }

    // the bits, so that -0.0 and 0.0 are different keys (they may price differently)
    private static void Write(IBufferWriter<byte> key, double value)
    {
        MemoryMarshal.Write(key.GetSpan(sizeof(long)), BitConverter.DoubleToInt64Bits(value));
        key.Advance(sizeof(long));
    }

    private static void Write(IBufferWriter<byte> key, double? value)
    {
        Write(key, value.HasValue ? 1 : 0);
        Write(key, value.GetValueOrDefault());
    }

    private static void Write(IBufferWriter<byte> key, string value)
    {
        Write(key, value.Length);
        var chars = MemoryMarshal.AsBytes(value.AsSpan());
        chars.CopyTo(key.GetSpan(chars.Length));
        key.Advance(chars.Length);
    }

    private sealed class Entry(MarketSnapshot market)
    {
        public MarketSnapshot Market { get; } = market;

        public long LastUse { get; set; }
    }

    /// <summary>Keys by content; looked up by the span of a request's key without copying it.</summary>
    private sealed class KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(byte[] key) => GetHashCode((ReadOnlySpan<byte>)key);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = default(HashCode);
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
