using Microsoft.Extensions.DependencyInjection;
using XiP.Abstractions.MarketData;

namespace XiP.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class MarketDataGrainTests(ClusterFixture fixture)
{
    private static readonly DateOnly ValuationDate = new(2024, 1, 15);

    private IMarketDataGrain Grain(string id) => fixture.Client.GetGrain<IMarketDataGrain>(id);

    [Fact]
    public async Task StoringASnapshotUnderANewIdCreatesItAndGetReturnsItWithTheClocksTime()
    {
        var snapshot = Snapshot();

        Assert.Equal(StoreOutcome.Created, await Grain("md-created").PutAsync(snapshot));
        var stored = await Grain("md-created").GetAsync();

        Assert.NotNull(stored);
        Assert.Equal("md-created", stored.Id);
        Assert.Equal(ClusterFixture.Now, stored.StoredAt);
        Assert.Equal(Canonical.Of(snapshot), Canonical.Of(stored.Snapshot));
        Assert.Equal(ValuationDate, stored.Snapshot.ValuationDate);
        Assert.Equal(["EUR-ESTR", "USD-FLAT", "USD-SOFR"], stored.Snapshot.Curves.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new EquitySpec(128.24, 0.0416, 0.1523), stored.Snapshot.Equities["ACME"]);
    }

    [Fact]
    public async Task StoringTheSameContentAgainIsUnchangedEvenWithDictionaryEntriesInsertedInAnotherOrder()
    {
        var grain = Grain("md-unchanged");

        Assert.Equal(StoreOutcome.Created, await grain.PutAsync(Snapshot()));
        Assert.Equal(StoreOutcome.Unchanged, await grain.PutAsync(Snapshot()));
        Assert.Equal(StoreOutcome.Unchanged, await grain.PutAsync(Snapshot(reversed: true)));
        Assert.Equal(ClusterFixture.Now, (await grain.GetAsync())!.StoredAt);
    }

    [Fact]
    public async Task StoringDifferentContentUnderAStoredIdIsAConflictAndTheFirstSnapshotStays()
    {
        var grain = Grain("md-conflict");
        var first = Snapshot();
        var spotMoved = first with { Equities = new() { ["ACME"] = new EquitySpec(128.25, 0.0416, 0.1523), ["INIT"] = new EquitySpec(52.1, 0.0, 0.3) } };
        var otherDate = Snapshot() with { ValuationDate = ValuationDate.AddDays(1) };

        Assert.Equal(StoreOutcome.Created, await grain.PutAsync(first));
        Assert.Equal(StoreOutcome.Conflict, await grain.PutAsync(spotMoved));
        Assert.Equal(StoreOutcome.Conflict, await grain.PutAsync(otherDate));
        var stored = await grain.GetAsync();

        Assert.NotNull(stored);
        Assert.Equal(Canonical.Of(first), Canonical.Of(stored.Snapshot));
        Assert.Equal(128.24, stored.Snapshot.Equities["ACME"].Spot);
    }

    [Fact]
    public async Task GettingAnIdNothingWasStoredUnderReturnsNull()
    {
        Assert.Null(await Grain("md-never-stored").GetAsync());
    }

    [Fact]
    public async Task ASecondGrainReferenceSeesTheStoredSnapshotFromTheClientAndFromEverySilo()
    {
        var snapshot = Snapshot();
        Assert.Equal(StoreOutcome.Created, await Grain("md-shared").PutAsync(snapshot));

        var second = fixture.Client.GetGrain<IMarketDataGrain>("md-shared");
        var fromClient = await second.GetAsync();
        Assert.NotNull(fromClient);
        Assert.Equal(Canonical.Of(snapshot), Canonical.Of(fromClient.Snapshot));
        Assert.Equal(ClusterFixture.Now, fromClient.StoredAt);

        Assert.Equal(XiPTestCluster.SiloCount, fixture.Cluster.Silos.Count);
        foreach (var silo in fixture.Cluster.Silos)
        {
            var fromSilo = await silo.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IMarketDataGrain>("md-shared").GetAsync();
            Assert.NotNull(fromSilo);
            Assert.Equal(Canonical.Of(snapshot), Canonical.Of(fromSilo.Snapshot));
        }
    }

    [Fact]
    public async Task ADeactivatedSnapshotGrainReadsItsSnapshotBackFromGrainStorage()
    {
        var grain = Grain("md-reactivated");
        Assert.Equal(StoreOutcome.Created, await grain.PutAsync(Snapshot()));

        await fixture.Cluster.DeactivateAsync(grain);
        var stored = await grain.GetAsync();

        Assert.NotNull(stored);
        Assert.Equal(Canonical.Of(Snapshot()), Canonical.Of(stored.Snapshot));
        Assert.Equal(ClusterFixture.Now, stored.StoredAt);
        Assert.Equal(StoreOutcome.Unchanged, await grain.PutAsync(Snapshot(reversed: true)));
    }

    /// <summary>
    /// The REST contract's example snapshot with two equities; <paramref name="reversed"/> inserts every
    /// dictionary entry in the opposite order (same content).
    /// </summary>
    internal static MarketDataSpec Snapshot(bool reversed = false)
    {
        KeyValuePair<string, CurveSpec>[] curves =
        [
            new("USD-SOFR", new CurveSpec
            {
                Interpolation = CurveInterpolation.LinearZero,
                Pillars = [new(new DateOnly(2024, 1, 15), 0.0345), new(new DateOnly(2025, 1, 15), 0.0372)],
            }),
            new("USD-FLAT", new CurveSpec { FlatRate = 0.05 }),
            new("EUR-ESTR", new CurveSpec
            {
                Interpolation = CurveInterpolation.LogLinearDiscount,
                Instruments =
                [
                    new() { Type = CurveInstrumentKind.Deposit, Tenor = "3M", Rate = 0.031 },
                    new() { Type = CurveInstrumentKind.Swap, Tenor = "2Y", Rate = 0.029, FixedFrequency = XiP.Abstractions.PaymentFrequency.Annual, FloatFrequency = XiP.Abstractions.PaymentFrequency.Semiannual },
                ],
            }),
        ];
        KeyValuePair<string, EquitySpec>[] equities =
        [
            new("ACME", new EquitySpec(128.24, 0.0416, 0.1523)),
            new("INIT", new EquitySpec(52.1, 0.0, 0.3)),
        ];
        return new MarketDataSpec
        {
            ValuationDate = ValuationDate,
            Curves = new(reversed ? curves.Reverse() : curves),
            Equities = new(reversed ? equities.Reverse() : equities),
        };
    }
}
