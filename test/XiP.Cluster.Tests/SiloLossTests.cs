using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace XiP.Cluster.Tests;

/// <summary>
/// The platform's promise: losing a silo in the middle of a run loses nothing. Three silo processes and a
/// gateway process on loopback (PostgreSQL membership, grain state and results); one silo is killed or
/// stopped when about a third of the run is done; the run must complete with exactly the results of the same
/// run in embedded mode, every (trade, measure) once.
/// </summary>
public sealed class SiloLossTests(EmbeddedReference reference, ITestOutputHelper output) : IClassFixture<EmbeddedReference>
{
    private const int Silos = 3;
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(90);

    // Many small batches, two per silo in flight (XiP:Silo:Cores 2, one batch per core); the watchdog looks for orphaned runs every second. A silo is
    // declared dead after two missed probes, each given Orleans' default 5 s: a killed silo is gone about 10 s
    // later, well within the run's deadline, while a live one that a loaded two-core machine starves of CPU for a
    // second or two (which 1 s probes took for a death) is not.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["XiP__Runs__ValuationsPerBatch"] = RiskRunWorkload.ValuationsPerBatch.ToString(CultureInfo.InvariantCulture),
        ["XiP__Silo__Cores"] = "2",
        ["XiP__Placement__BatchesPerCore"] = "1",
        ["XiP__Runs__BatchTimeout"] = "00:00:20",
        ["XiP__Runs__MaxAttempts"] = "5",
        ["XiP__Runs__CheckpointInterval"] = "00:00:00.500",
        ["XiP__Runs__WatchdogInterval"] = "00:00:01",

        // a run this size computes in about two seconds; each batch waits a little so the silo is lost mid-run
        ["XiP__Testing__BatchDelay"] = "00:00:00.400",
        ["XiP__Membership__ProbeTimeout"] = "00:00:05",
        ["XiP__Membership__NumMissedProbesLimit"] = "2",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__XiP"] = "Information",
    };

    [Fact]
    public Task Killing_a_computing_silo_retries_its_batches_elsewhere_and_loses_nothing() =>
        LocalCluster.RunAsync(Silos, Settings, output, async cluster =>
        {
            var runId = await RiskRunWorkload.SubmitAsync(cluster.Gateway);
            var third = await AThirdDoneAsync(cluster, runId);
            var host = cluster.SiloAt(third.GetProperty("host").GetString()!);
            var victim = host % Silos + 1;

            await cluster.KillSiloAsync(victim, "KILL");
            var status = await RiskRunWorkload.WaitUntilOverAsync(cluster.Gateway, runId, RunDeadline);

            await reference.AssertSameAsync(cluster, runId, status);
            Assert.True(status.GetProperty("retriedBatches").GetInt32() >= 1, status.GetRawText());
            Assert.Equal(0, status.GetProperty("resumes").GetInt32());
        });

    [Fact]
    public Task Killing_the_silo_hosting_the_run_resumes_it_elsewhere_from_its_saved_state() =>
        LocalCluster.RunAsync(Silos, Settings, output, async cluster =>
        {
            var runId = await RiskRunWorkload.SubmitAsync(cluster.Gateway);
            var third = await AThirdDoneAsync(cluster, runId);
            var host = cluster.SiloAt(third.GetProperty("host").GetString()!);

            await cluster.KillSiloAsync(host, "KILL");

            // only the registry is asked from here on: the run must come back without a client calling it
            var status = await RiskRunWorkload.WaitUntilOverAsync(cluster.Gateway, runId, RunDeadline);

            await reference.AssertSameAsync(cluster, runId, status);
            Assert.True(status.GetProperty("resumes").GetInt32() >= 1, status.GetRawText());
            Assert.NotEqual(host, cluster.SiloAt(status.GetProperty("host").GetString()!));
        });

    [Fact]
    public Task A_graceful_stop_of_the_silo_hosting_the_run_hands_it_over_without_a_retry() =>
        LocalCluster.RunAsync(Silos, Settings, output, async cluster =>
        {
            var runId = await RiskRunWorkload.SubmitAsync(cluster.Gateway);
            var third = await AThirdDoneAsync(cluster, runId);
            var host = cluster.SiloAt(third.GetProperty("host").GetString()!);

            await cluster.KillSiloAsync(host, "TERM");
            var status = await RiskRunWorkload.WaitUntilOverAsync(cluster.Gateway, runId, RunDeadline);

            await reference.AssertSameAsync(cluster, runId, status);
            Assert.Equal(0, status.GetProperty("retriedBatches").GetInt32());
            Assert.True(status.GetProperty("resumes").GetInt32() >= 1, status.GetRawText());
            Assert.Contains("hands over", cluster.Log(host), StringComparison.Ordinal);
        });

    private static async Task<JsonElement> AThirdDoneAsync(LocalCluster cluster, string runId)
    {
        var status = await RiskRunWorkload.WaitForStatusAsync(
            cluster.Gateway, runId, s => s.GetProperty("done").GetInt64() * 3 >= s.GetProperty("total").GetInt64(), RunDeadline);

        // the kill must land mid-run, not after it: the workload is sized so that a third leaves plenty to do
        Assert.True(status.GetProperty("done").GetInt64() < status.GetProperty("total").GetInt64() * 2 / 3, status.GetRawText());
        return status;
    }
}
