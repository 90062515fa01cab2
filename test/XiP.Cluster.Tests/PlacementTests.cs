using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace XiP.Cluster.Tests;

/// <summary>
/// Placement across processes: one control silo and two compute silos of 1 and 3 cores. No compute batch runs on the
/// control silo, the compute silos' shares follow their cores, and a compute silo drained in the middle of a run takes
/// nothing new while the run completes on the other with exactly the embedded run's results.
/// </summary>
public sealed class PlacementTests(EmbeddedReference reference, ITestOutputHelper output) : IClassFixture<EmbeddedReference>
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(120);

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["XiP__Runs__ValuationsPerBatch"] = RiskRunWorkload.ValuationsPerBatch.ToString(CultureInfo.InvariantCulture),
        ["XiP__Runs__BatchTimeout"] = "00:00:30",
        ["XiP__Placement__BatchesPerCore"] = "1",

        // every batch takes at least this long, so a silo's share follows how many batches it may hold, not its CPU
        ["XiP__Testing__BatchDelay"] = "00:00:00.300",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__XiP"] = "Information",
    };

    [Fact]
    public Task Batches_go_only_to_compute_silos_in_shares_of_their_cores_and_a_drained_silo_takes_nothing_new() =>
        LocalCluster.RunAsync(3, Settings, output, async cluster =>
        {
            var cluster1 = await ClusterAsync(cluster);
            var control = SiloWithRoles(cluster1, "control");
            var small = SiloWithCores(cluster1, 1);
            var big = SiloWithCores(cluster1, 3);
            Assert.Empty(cluster1.GetProperty("missingRoles").EnumerateArray());

            // roles and capacity: 40 batches, 1 in flight on the small silo, 3 on the big one
            var runId = await RiskRunWorkload.SubmitAsync(cluster.Gateway);
            var status = await RiskRunWorkload.WaitUntilOverAsync(cluster.Gateway, runId, RunDeadline);
            await reference.AssertSameAsync(cluster, runId, status);
            var bySilo = BatchesBySilo(status);
            Assert.DoesNotContain(control, bySilo.Keys);
            Assert.Equal(status.GetProperty("shape").GetProperty("batches").GetInt32(), bySilo.Values.Sum());
            var bigShare = (double)bySilo.GetValueOrDefault(big) / bySilo.Values.Sum();
            Assert.InRange(bigShare, 0.75 - 0.15, 0.75 + 0.15);

            // draining the big silo a quarter into a run: it finishes what it holds (at most 3) and takes nothing more
            var drainedRun = await RiskRunWorkload.SubmitAsync(cluster.Gateway);
            var quarter = await RiskRunWorkload.WaitForStatusAsync(
                cluster.Gateway, drainedRun, s => s.GetProperty("done").GetInt64() * 4 >= s.GetProperty("total").GetInt64(), RunDeadline);
            using (var drain = await cluster.Gateway.PostAsync($"/v1/cluster/silos/{Uri.EscapeDataString(big)}/drain", null))
            {
                Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
            }

            var atDrain = BatchesBySilo(await RunAsync(cluster, drainedRun)).GetValueOrDefault(big);
            var drained = await RiskRunWorkload.WaitUntilOverAsync(cluster.Gateway, drainedRun, RunDeadline);
            await reference.AssertSameAsync(cluster, drainedRun, drained);
            var after = BatchesBySilo(drained);
            Assert.True(quarter.GetProperty("done").GetInt64() < quarter.GetProperty("total").GetInt64(), "the drain came after the run");
            Assert.InRange(after.GetValueOrDefault(big), atDrain, atDrain + 3);
            Assert.DoesNotContain(control, after.Keys);
            Assert.True((await ClusterAsync(cluster)).GetProperty("silos").EnumerateArray().Single(s => s.GetProperty("address").GetString() == big).GetProperty("drained").GetBoolean());
        }, roles: "control,compute,compute", cores: "2,1,3");

    private static async Task<JsonElement> ClusterAsync(LocalCluster cluster) =>
        JsonDocument.Parse(await cluster.Gateway.GetStringAsync("/v1/cluster")).RootElement;

    private static async Task<JsonElement> RunAsync(LocalCluster cluster, string runId) =>
        JsonDocument.Parse(await cluster.Gateway.GetStringAsync($"/v1/runs/{runId}")).RootElement;

    private static string SiloWithRoles(JsonElement cluster, string roles) =>
        cluster.GetProperty("silos").EnumerateArray().Single(s => string.Join(',', s.GetProperty("roles").EnumerateArray().Select(r => r.GetString())) == roles).GetProperty("address").GetString()!;

    private static string SiloWithCores(JsonElement cluster, int cores) =>
        cluster.GetProperty("silos").EnumerateArray()
            .Single(s => s.GetProperty("cores").GetInt32() == cores && s.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "compute"))
            .GetProperty("address").GetString()!;

    private static Dictionary<string, int> BatchesBySilo(JsonElement run) =>
        run.GetProperty("batchesBySilo").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
}
