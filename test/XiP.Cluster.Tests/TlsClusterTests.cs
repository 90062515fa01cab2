using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace XiP.Cluster.Tests;

/// <summary>
/// A cluster whose connections are TLS (<c>XiP:Tls</c>): two silos and a gateway with certificates one authority
/// issued run a risk run to completion, while a silo whose certificate another authority issued, and one with no
/// TLS at all, try to join the same cluster (same ids, same membership table) and are kept out.
/// </summary>
public sealed class TlsClusterTests(ITestOutputHelper output) : IDisposable
{
    private const int Silos = 2;
    private const string Password = "cluster-member";
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(120);

    // a joining silo gives up once it has failed to reach the active silos for ProbeTimeout × 5 × NumMissedProbesLimit (20 s here)
    private static readonly TimeSpan JoinDeadline = TimeSpan.FromSeconds(150);

    private readonly string _directory = Directory.CreateTempSubdirectory("xip-tls-cluster").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_tls_cluster_completes_a_run_while_silos_without_a_certificate_from_its_authority_cannot_join()
    {
        var authority = TestCertificates.Authority("XiP cluster CA");
        var settings = new Dictionary<string, string>(Tls(authority, "member"))
        {
            ["XiP__Runs__ValuationsPerBatch"] = RiskRunWorkload.ValuationsPerBatch.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };

        await LocalCluster.RunAsync(Silos, settings, output, async cluster =>
        {
            var runId = await RiskRunWorkload.SubmitAsync(cluster.Gateway);

            // consistent with itself (its certificate chains to its own CA file), so it starts; the members refuse it
            using var impostor = cluster.StartExtraSilo("impostor", GiveUpSoon(Tls(TestCertificates.Authority("another CA"), "impostor")));
            using var plaintext = cluster.StartExtraSilo("plaintext", GiveUpSoon([]));

            var status = await RiskRunWorkload.WaitUntilOverAsync(cluster.Gateway, runId, RunDeadline);
            Assert.Equal("completed", status.GetProperty("status").GetString());
            Assert.Equal(RiskRunWorkload.Valuations, status.GetProperty("done").GetInt64());
            Assert.Equal(RiskRunWorkload.Trades * RiskRunWorkload.Measures.Length, (await RiskRunWorkload.ReadResultsAsync(cluster.Gateway, runId)).Count);

            foreach (var outsider in new[] { impostor, plaintext })
            {
                var exitCode = await outsider.ExitAsync(JoinDeadline);
                Assert.True(exitCode != 0, $"the silo logging to {outsider.LogPath} exited with 0:\n{outsider.Tail()}");

                // what kept it out: no active silo would complete a connection with it
                Assert.Contains("Failed to get ping responses from 2 of 2 active silos", outsider.Log(), StringComparison.Ordinal);
            }

            var silos = JsonDocument.Parse(await cluster.Gateway.GetStringAsync("/v1/cluster")).RootElement.GetProperty("silos").EnumerateArray()
                .Where(s => string.Equals(s.GetProperty("status").GetString(), "active", StringComparison.OrdinalIgnoreCase))
                .Select(s => s.GetProperty("address").GetString()!)
                .ToList();
            Assert.Equal(Silos, silos.Count);
            Assert.DoesNotContain(silos, a => a.Contains($":{impostor.SiloPort}@", StringComparison.Ordinal) || a.Contains($":{plaintext.SiloPort}@", StringComparison.Ordinal));
        });
    }

    // every host of one side gets the same certificate: membership is proven by the issuer, not by the name
    private Dictionary<string, string> Tls(System.Security.Cryptography.X509Certificates.X509Certificate2 authority, string name) => new()
    {
        ["XiP__Tls__CertificatePath"] = TestCertificates.WritePkcs12(TestCertificates.Host(authority, name), _directory, name, Password),
        ["XiP__Tls__CertificatePassword"] = Password,
        ["XiP__Tls__CaPath"] = TestCertificates.WritePem(authority, _directory, name + "-ca"),
    };

    private static Dictionary<string, string> GiveUpSoon(Dictionary<string, string> settings) => new(settings)
    {
        ["XiP__Membership__ProbeTimeout"] = "00:00:02",
        ["XiP__Membership__NumMissedProbesLimit"] = "2",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
