using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace XiP.Cluster.Tests;

/// <summary>
/// A database restart does not lose a run: PostgreSQL (membership, grain state and results of a two-silo cluster) is
/// stopped for 10 s in the middle of a run and started again; the run waits for it and completes with exactly the
/// results of the same run in embedded mode. The server is this test's own, so the others' is never stopped.
/// </summary>
public sealed class StoreOutageTests(EmbeddedReference reference, ITestOutputHelper output) : IClassFixture<EmbeddedReference>
{
    private const int Silos = 2;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(120);

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["XiP__Runs__ValuationsPerBatch"] = RiskRunWorkload.ValuationsPerBatch.ToString(CultureInfo.InvariantCulture),
        ["XiP__Silo__Cores"] = "2",
        ["XiP__Placement__BatchesPerCore"] = "1",
        ["XiP__Runs__BatchTimeout"] = "00:00:20",
        ["XiP__Runs__CheckpointInterval"] = "00:00:00.500",
        ["XiP__Runs__MaxRetryDelay"] = "00:00:01",

        // forty batches, two per silo at a time (two cores, one batch per core), each a second long: the outage starts with most of the run still to do
        ["XiP__Testing__BatchDelay"] = "00:00:01",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__XiP"] = "Information",
    };

    [Fact]
    public async Task A_run_waits_out_a_database_restart_and_completes_with_every_result_bit_identical()
    {
        await using var postgres = await OwnPostgres.StartAsync();
        await LocalCluster.RunAsync(Silos, Settings, output, async cluster =>
        {
            var runId = await RiskRunWorkload.SubmitAsync(cluster.Gateway);
            await RiskRunWorkload.WaitForStatusAsync(cluster.Gateway, runId, s => s.GetProperty("done").GetInt64() > 0, RunDeadline);

            await postgres.PauseAsync();
            var during = await StatusesDuringAsync(cluster.Gateway, runId, Outage);
            await postgres.ResumeAsync();

            // the outage came in the middle of the run, and the run went on waiting rather than failing
            Assert.Contains(during, s => s.Contains("\"status\":\"running\"", StringComparison.Ordinal));
            Assert.DoesNotContain(during, s => s.Contains("\"status\":\"failed\"", StringComparison.Ordinal) || s.Contains("\"status\":\"completed\"", StringComparison.Ordinal));

            var status = await RiskRunWorkload.WaitUntilOverAsync(cluster.Gateway, runId, RunDeadline);
            await reference.AssertSameAsync(cluster, runId, status);
            Assert.True(status.GetProperty("retriedBatches").GetInt32() >= 1, status.GetRawText());
        }, postgres.ConnectionString);
    }

    // The run's status, as the gateway answers it, every quarter second for the length of the outage (a failed call is skipped).
    private static async Task<List<string>> StatusesDuringAsync(HttpClient gateway, string runId, TimeSpan outage)
    {
        var statuses = new List<string>();
        var clock = Stopwatch.StartNew();
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (clock.Elapsed < outage && await ticks.WaitForNextTickAsync())
        {
            using var answer = await gateway.GetAsync($"/v1/runs/{runId}");
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                statuses.Add(await answer.Content.ReadAsStringAsync());
            }
        }

        return statuses;
    }
}
