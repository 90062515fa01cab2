using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using XiP.Tests;

namespace XiP.Hosting.Tests;

/// <summary>
/// <c>XiP:Tls</c>: a host loads its certificate and the cluster's authority, refuses to start on files it cannot use
/// (naming the key), and accepts a peer only when the authority issued its certificate.
/// </summary>
public sealed class ClusterCertificatesTests : IDisposable
{
    private const string Password = "pfx-password";
    private readonly string _directory = Directory.CreateTempSubdirectory("xip-tls-tests").FullName;
    private readonly X509Certificate2 _authority = TestCertificates.Authority("XiP test cluster CA");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Without_XiP_Tls_the_cluster_is_plain_tcp() =>
        Assert.Null(Load());

    [Fact]
    public void A_pkcs12_certificate_trusts_peers_its_authority_issued_and_no_others()
    {
        var certificates = Load(
            ("XiP:Tls:CertificatePath", Pkcs12(TestCertificates.Host(_authority, "silo-1"))),
            ("XiP:Tls:CertificatePassword", Password),
            ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")))!;

        Assert.True(certificates.Certificate.HasPrivateKey);
        Assert.True(certificates.IsTrusted(TestCertificates.Host(_authority, "silo-2"), null, SslPolicyErrors.RemoteCertificateChainErrors));
        var stranger = TestCertificates.Host(TestCertificates.Authority("another CA"), "silo-2");
        Assert.False(certificates.IsTrusted(stranger, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(certificates.IsTrusted(TestCertificates.Host(_authority, "silo-3"), null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void A_pem_certificate_and_key_as_Kubernetes_mounts_them_load()
    {
        var (certificate, key) = TestCertificates.WritePemPair(TestCertificates.Host(_authority, "gateway"), _directory, "tls");

        var certificates = Load(("XiP:Tls:CertificatePath", certificate), ("XiP:Tls:KeyPath", key), ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")))!;

        Assert.True(certificates.Certificate.HasPrivateKey);
        Assert.Equal("CN=gateway", certificates.Certificate.Subject);
    }

    [Fact]
    public void A_missing_certificate_file_names_XiP_Tls_CertificatePath() =>
        AssertRefused("XiP:Tls:CertificatePath", "does not exist",
            ("XiP:Tls:CertificatePath", Path.Combine(_directory, "absent.pfx")), ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")));

    [Fact]
    public void A_wrong_password_names_XiP_Tls_CertificatePath() =>
        AssertRefused("XiP:Tls:CertificatePath", "CertificatePassword is wrong",
            ("XiP:Tls:CertificatePath", Pkcs12(TestCertificates.Host(_authority, "silo-1"))), ("XiP:Tls:CertificatePassword", "not it"),
            ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")));

    [Fact]
    public void A_certificate_without_an_authority_names_XiP_Tls_CaPath() =>
        AssertRefused("XiP:Tls:CaPath", "is required",
            ("XiP:Tls:CertificatePath", Pkcs12(TestCertificates.Host(_authority, "silo-1"))), ("XiP:Tls:CertificatePassword", Password));

    [Fact]
    public void An_authority_without_a_certificate_names_XiP_Tls_CertificatePath() =>
        AssertRefused("XiP:Tls:CertificatePath", "is required", ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")));

    [Fact]
    public void An_authority_file_that_is_not_a_certificate_names_XiP_Tls_CaPath()
    {
        var garbage = Path.Combine(_directory, "ca.pem");
        File.WriteAllText(garbage, "not a certificate");

        AssertRefused("XiP:Tls:CaPath", "not a PEM or DER certificate",
            ("XiP:Tls:CertificatePath", Pkcs12(TestCertificates.Host(_authority, "silo-1"))), ("XiP:Tls:CertificatePassword", Password), ("XiP:Tls:CaPath", garbage));
    }

    [Fact]
    public void A_certificate_another_authority_issued_is_refused_at_start() =>
        AssertRefused("XiP:Tls:CertificatePath", "does not chain to the authority",
            ("XiP:Tls:CertificatePath", Pkcs12(TestCertificates.Host(TestCertificates.Authority("another CA"), "silo-1"))), ("XiP:Tls:CertificatePassword", Password),
            ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")));

    [Fact]
    public void A_certificate_for_servers_only_is_refused_at_start() =>
        AssertRefused("XiP:Tls:CertificatePath", "both server and client authentication",
            ("XiP:Tls:CertificatePath", Pkcs12(TestCertificates.Host(_authority, "silo-1", serverAndClient: false))), ("XiP:Tls:CertificatePassword", Password),
            ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")));

    [Fact]
    public void An_expired_certificate_is_refused_at_start() =>
        AssertRefused("XiP:Tls:CertificatePath", "not now",
            ("XiP:Tls:CertificatePath", Pkcs12(TestCertificates.Host(_authority, "silo-1", notAfter: DateTimeOffset.UtcNow.AddMinutes(-1)))), ("XiP:Tls:CertificatePassword", Password),
            ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")));

    [Fact]
    public void A_certificate_in_the_store_is_found_by_its_thumbprint()
    {
        // the store keeps what it is given with its key only when the key can be exported, as from a PKCS#12 file
        using var host = X509CertificateLoader.LoadPkcs12(TestCertificates.Host(_authority, "silo-1").Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(host);
        try
        {
            var certificates = Load(("XiP:Tls:Thumbprint", host.Thumbprint.ToLowerInvariant()), ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")))!;

            Assert.Equal(host.Thumbprint, certificates.Certificate.Thumbprint);
            Assert.True(certificates.Certificate.HasPrivateKey);
        }
        finally
        {
            store.Remove(host);
        }
    }

    [Fact]
    public void An_unknown_thumbprint_names_XiP_Tls_Thumbprint() =>
        AssertRefused("XiP:Tls:Thumbprint", "00112233445566778899AABBCCDDEEFF00112233",
            ("XiP:Tls:Thumbprint", "00112233445566778899AABBCCDDEEFF00112233"), ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")));

    [Fact]
    public void A_file_and_a_thumbprint_together_are_refused() =>
        AssertRefused("XiP:Tls:CertificatePath", "both set",
            ("XiP:Tls:CertificatePath", Pkcs12(TestCertificates.Host(_authority, "silo-1"))), ("XiP:Tls:Thumbprint", "00112233445566778899AABBCCDDEEFF00112233"),
            ("XiP:Tls:CaPath", TestCertificates.WritePem(_authority, _directory, "ca")));

    private string Pkcs12(X509Certificate2 certificate) =>
        TestCertificates.WritePkcs12(certificate, _directory, Guid.NewGuid().ToString("N"), Password);

    private static void AssertRefused(string key, string because, params (string Key, string? Value)[] values)
    {
        var exception = Assert.Throws<XiPConfigurationException>(() => Load(values));
        Assert.Equal(key, exception.Key);
        Assert.Contains(because, exception.Message, StringComparison.Ordinal);
    }

    private static ClusterCertificates? Load(params (string Key, string? Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();
        return ClusterCertificates.Load(XiPConfiguration.Read(configuration).Tls, DateTimeOffset.UtcNow);
    }
}
