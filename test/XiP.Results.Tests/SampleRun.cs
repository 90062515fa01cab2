using System.Runtime.InteropServices;
using XiP.Abstractions.Results;
using XiP.Pricing.Columnar;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Scenarios;
using XiP.Pricing.Time;

namespace XiP.Results.Tests;

/// <summary>One (trade, measure) record as a page gives it; a failed one has an error and a row of zeros.</summary>
public sealed record PageRecord(string TradeId, string Book, string Measure, int Version, double[] Values, string? Error)
{
    public (string TradeId, string Measure) Key => (TradeId, Measure);

    /// <summary>The records of a page, in page order.</summary>
    public static List<PageRecord> Of(ResultPageData page)
    {
        Assert.Equal(page.Count * page.Markets, page.Values.Length);
        Assert.All(new[] { page.Books.Length, page.Measures.Length, page.TradeVersions.Length, page.Errors.Length }, length => Assert.Equal(page.Count, length));
        return Enumerable.Range(0, page.Count)
            .Select(r => new PageRecord(page.TradeIds[r], page.Books[r], page.Measures[r], page.TradeVersions[r], page.ValuesOf(r).ToArray(), page.Errors[r]))
            .ToList();
    }

    /// <summary>Same records in the same order, every field equal and every value equal bit for bit.</summary>
    public static void AssertSame(IEnumerable<PageRecord> expected, IEnumerable<PageRecord> actual)
    {
        var want = expected.ToList();
        var got = actual.ToList();
        Assert.Equal(want.Select(r => r.Key), got.Select(r => r.Key));
        for (var i = 0; i < want.Count; i++)
        {
            var (e, a) = (want[i], got[i]);
            if (e.Book != a.Book || e.Version != a.Version || e.Error != a.Error)
            {
                Assert.Fail($"record {i} {e.Key}: expected ({e.Book}, {e.Version}, {e.Error ?? "no error"}), read ({a.Book}, {a.Version}, {a.Error ?? "no error"})");
            }

            // bit for bit: NaN payloads and the sign of zero count
            if (!MemoryMarshal.AsBytes(e.Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(a.Values.AsSpan())))
            {
                Assert.Fail($"record {i} {e.Key}: values [{string.Join(", ", a.Values)}] are not bit for bit [{string.Join(", ", e.Values)}]");
            }
        }
    }
}

/// <summary>A record of a sample run with where it lies in the run: its block and its trade's index in the run.</summary>
public sealed record SampleRecord(int Block, int Trade, PageRecord Record);

/// <summary>
/// A real run, priced once per process: trades of every product (some failing for a missing curve or equity,
/// some for measures that do not apply), several books, ids whose code-point order is not their UTF-16 ordinal
/// order, sorted by <see cref="CodePointOrder"/> as runs are; its manifest; each block's <see cref="BatchValues"/>
/// from <see cref="ColumnarValuation"/>; and every record a full read must give, in page order.
/// </summary>
public sealed class SampleRun
{
    /// <summary>Measures as a batch asks for them: not in the manifest's (name) order, so stores must map by name.</summary>
    public static readonly Measure[] BatchMeasures = [Measure.Pv01, Measure.Pv, Measure.Vega, Measure.Delta];

    public static readonly string[] Books = ["rates", "credit", "équités", "fx"];

    private static readonly DateOnly ValuationDate = new(2024, 1, 15);

    // Beyond U+FFFF (surrogate pairs) against U+E000–U+FFFF: code-point order and ordinal UTF-16 order disagree.
    private static readonly string[] IdPrefixes = ["T", "t", "\uFF5E", "\U0001F600", "\uE000", "\U00010437", "中", "é", "Z"];

    private static readonly Lazy<SampleRun> StandardRun = new(() => new SampleRun(150, 16, ScenarioMarkets(), BatchMeasures));

    private readonly Dictionary<(string TradeId, string Measure), int> _positions;

    private SampleRun(int trades, int tradesPerBlock, IReadOnlyList<MarketSnapshot> markets, Measure[] measures, Func<int, Trade>? trade = null)
    {
        var list = Enumerable.Range(0, trades).Select(trade ?? MixedTrade).ToList();
        list.Sort((a, b) => CodePointOrder.Instance.Compare(a.Id, b.Id));
        var builder = new TradeTableBuilder(trades);
        for (var i = 0; i < list.Count; i++)
        {
            builder.Add(list[i], version: 1 + (i % 3));
        }

        Table = builder.Build();
        Markets = new MarketSet(markets);
        Manifest = RunManifest.Create("sample", trades, tradesPerBlock, markets.Count, measures.Select(MeasureNames.Of));
        var values = new List<BatchValues>(Manifest.Blocks);
        var records = new List<SampleRecord>(trades * measures.Length);
        for (var b = 0; b < Manifest.Blocks; b++)
        {
            var batch = ColumnarValuation.Run(Markets, Table, b * tradesPerBlock, Manifest.TradesIn(b), measures, tradesPerBlock);
            values.Add(batch);
            for (var t = 0; t < batch.Trades; t++)
            {
                var index = (b * tradesPerBlock) + t;
                foreach (var name in Manifest.Measures)
                {
                    var k = IndexOf(batch, name);
                    var error = batch.Errors(k)[t];
                    var row = error is null ? batch.Values(k).Slice(t * batch.Markets, batch.Markets).ToArray() : new double[batch.Markets];
                    records.Add(new SampleRecord(b, index, new PageRecord(Table.Ids[index], Table.BookOf(index), name, Table.Versions[index], row, error)));
                }
            }
        }

        Values = values;
        Records = records;
        _positions = records.Select((r, i) => (r.Record.Key, i)).ToDictionary(p => p.Key, p => p.i);
    }

    /// <summary>150 trades in blocks of 16 (the last one short) under a base market and three scenarios.</summary>
    public static SampleRun Standard => StandardRun.Value;

    public TradeTable Table { get; }

    public MarketSet Markets { get; }

    /// <summary>The manifest under the run id "sample"; see <see cref="ManifestFor"/>.</summary>
    public RunManifest Manifest { get; }

    /// <summary>Each block's values; never disposed, as every test of the process shares them.</summary>
    public IReadOnlyList<BatchValues> Values { get; }

    /// <summary>Every record of the run in page order: by trade (code-point order of ids), then measure (ordinal).</summary>
    public IReadOnlyList<SampleRecord> Records { get; }

    public int RecordCount => Records.Count;

    /// <summary>A run of <paramref name="trades"/> trades of every product under <paramref name="markets"/> copies of one market.</summary>
    public static SampleRun Wide(int trades, int tradesPerBlock, int markets, params Measure[] measures)
        => new(trades, tradesPerBlock, Enumerable.Repeat(BaseMarket(), markets).ToList(), measures);

    /// <summary>A run of plain European options (which never fail) under <paramref name="markets"/> copies of one market.</summary>
    public static SampleRun Options(int trades, int tradesPerBlock, int markets)
        => new(trades, tradesPerBlock, Enumerable.Repeat(BaseMarket(), markets).ToList(), [Measure.Pv], i =>
            new EuropeanOptionTrade($"o-{i:D6}", Books[i % Books.Length], 1, "ACME", OptionType.Call, 100 + (i % 50), ValuationDate.AddDays(30 + (i % 300)), "USD-FLAT"));

    public RunManifest ManifestFor(string runId) => Manifest with { RunId = runId };

    /// <summary>Writes the run's trades and manifest, then the values of <paramref name="blocks"/> (all by default).</summary>
    public async Task WriteAsync(ResultStore store, string runId, IEnumerable<int>? blocks = null)
    {
        await store.WriteRunAsync(ManifestFor(runId), Table);
        foreach (var block in blocks ?? Enumerable.Range(0, Manifest.Blocks))
        {
            await store.WriteValuesAsync(runId, block, Values[block]);
        }
    }

    /// <summary>The records a read filtered by <paramref name="measure"/> and <paramref name="book"/> gives, in order.</summary>
    public IEnumerable<PageRecord> Expected(string? measure = null, string? book = null, Func<SampleRecord, bool>? where = null)
        => Records
            .Where(r => (measure is null || r.Record.Measure == measure) && (book is null || r.Record.Book == book) && (where is null || where(r)))
            .Select(r => r.Record);

    /// <summary>Where <paramref name="record"/> lies in <see cref="Records"/>.</summary>
    public int PositionOf(PageRecord record) => _positions[record.Key];

    private static int IndexOf(BatchValues batch, string measure)
    {
        for (var k = 0; k < batch.Measures.Count; k++)
        {
            if (MeasureNames.Of(batch.Measures[k]) == measure)
            {
                return k;
            }
        }

        throw new InvalidOperationException($"The batch has no measure {measure}.");
    }

    private static Trade MixedTrade(int i)
    {
        var random = new Random(i);
        var id = $"{IdPrefixes[i % IdPrefixes.Length]}-{i:D4}";
        var book = i % 11 == 0 ? null : Books[(i * 7) % Books.Length];

        // Every ninth trade discounts on a curve the market lacks, every thirteenth option is on a missing equity.
        var curve = i % 9 == 4 ? "NO-SUCH-CURVE" : (i % 3) switch { 0 => "USD-SOFR", 1 => "EUR-ESTR", _ => "USD-FLAT" };
        var equity = i % 13 == 5 ? "NO-SUCH-EQUITY" : i % 2 == 0 ? "ACME" : "BETA";
        var put = random.Next(2) == 0 ? OptionType.Call : OptionType.Put;
        return ((i / IdPrefixes.Length) % 4) switch
        {
            0 => new EuropeanOptionTrade(id, book, 1 + random.Next(3), equity, put, 40 + (random.NextDouble() * 120), ValuationDate.AddDays(30 + random.Next(2000)), curve),
            1 => new GeometricAsianOptionTrade(id, book, -2.5, equity, put, 40 + (random.NextDouble() * 120), ValuationDate.AddDays(60 + random.Next(1000)),
                random.Next(2) == 0 ? Averaging.Continuous : Averaging.Discrete, [ValuationDate.AddDays(10), ValuationDate.AddDays(40)], curve),
            2 => new InterestRateSwapTrade(id, book, 1, 1_000_000 * (1 + random.Next(20)), 0.02 + (random.NextDouble() * 0.03), ValuationDate.AddDays(-200 + random.Next(400)),
                ValuationDate.AddDays(900 + random.Next(5000)), random.Next(2) == 0 ? SwapDirection.PayFixed : SwapDirection.ReceiveFixed,
                Frequency.Annual, Frequency.Quarterly, curve, 0.031),
            _ => new FixedRateBondTrade(id, book, 2, 100, random.NextDouble() * 0.06, Frequency.Semiannual, ValuationDate.AddDays(-3000 + random.Next(2000)),
                ValuationDate.AddDays(100 + random.Next(8000)), curve),
        };
    }

    private static MarketSnapshot BaseMarket()
    {
        CurvePillar[] pillars =
        [
            new(new DateOnly(2024, 1, 15), 0.0345), new(new DateOnly(2025, 1, 15), 0.0372), new(new DateOnly(2026, 1, 15), 0.0381),
            new(new DateOnly(2029, 1, 15), 0.0365), new(new DateOnly(2034, 1, 15), 0.0390), new(new DateOnly(2054, 1, 15), 0.0410),
        ];
        CurveInstrument[] instruments =
        [
            new(CurveInstrumentType.Deposit, new Tenor(3, TenorUnit.Months), 0.031),
            new(CurveInstrumentType.Swap, new Tenor(2, TenorUnit.Years), 0.029),
            new(CurveInstrumentType.Swap, new Tenor(10, TenorUnit.Years), 0.0321),
        ];
        return MarketDataBuilder.Build(new MarketDataDefinition(
            ValuationDate,
            new Dictionary<string, CurveDefinition>
            {
                ["USD-SOFR"] = new PillarCurveDefinition(CurveInterpolationKind.LinearZero, pillars),
                ["EUR-ESTR"] = new BootstrapCurveDefinition(CurveInterpolationKind.LogLinearDiscount, instruments),
                ["USD-FLAT"] = new FlatCurveDefinition(0.05),
            },
            new Dictionary<string, EquityMarket> { ["ACME"] = new(128.24, 0.0416, 0.1523), ["BETA"] = new(50, 0.01, 0.3) }));
    }

    private static List<MarketSnapshot> ScenarioMarkets()
    {
        var market = BaseMarket();
        Scenario[] scenarios =
        [
            new("rates+25", [new Shift(ShiftTargetKind.Curve, null, MarketShiftKind.Parallel, 25)]),
            new("crash", [new Shift(ShiftTargetKind.Equity, null, MarketShiftKind.SpotRelative, -0.2), new Shift(ShiftTargetKind.Equity, null, MarketShiftKind.VolAbsolute, 0.1)]),
            new("2y+10", [new Shift(ShiftTargetKind.Curve, "USD-SOFR", MarketShiftKind.Pillar, 10, new DateOnly(2026, 1, 15))]),
        ];
        return [market, .. scenarios.Select(s => MarketShocker.Apply(market, s))];
    }
}
