using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace XiP.Hosting;

/// <summary>
/// The certificate a host presents on the cluster's connections and the authorities it trusts: every connection,
/// silo to silo and gateway to silo, is TLS with a certificate on both ends, and a peer is accepted only when its
/// certificate chains to one of <see cref="Authorities"/>, whatever the machine's own trust store holds.
/// </summary>
public sealed class ClusterCertificates
{
    private const string Section = "XiP:Tls";
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        Authorities = authorities;
    }

    /// <summary>This host's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate authorities a peer's certificate must chain to.</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>Loads and checks the certificates <paramref name="settings"/> name; null when TLS is not configured.</summary>
    /// <exception cref="XiPConfigurationException">A file is missing or unreadable, or the certificate cannot serve the cluster.</exception>
    public static ClusterCertificates? Load(TlsSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsConfigured)
        {
            return null;
        }

        var byFile = !string.IsNullOrWhiteSpace(settings.CertificatePath);
        var byStore = !string.IsNullOrWhiteSpace(settings.Thumbprint);
        if (byFile == byStore)
        {
            throw new XiPConfigurationException($"{Section}:CertificatePath", byFile
                ? $"and {Section}:Thumbprint are both set; name the certificate one way."
                : $"or {Section}:Thumbprint is required when {Section}:CaPath is set: a host presents its own certificate to its peers.");
        }

        if (string.IsNullOrWhiteSpace(settings.CaPath))
        {
            throw new XiPConfigurationException($"{Section}:CaPath", "is required with a certificate: peers are accepted only when their certificate chains to this authority.");
        }

        var authorities = ReadAuthorities(settings.CaPath);
        var certificate = byFile ? ReadCertificate(settings) : FindInStore(settings);
        Check(certificate, authorities, byFile ? $"{Section}:CertificatePath" : $"{Section}:Thumbprint", now);
        return new ClusterCertificates(certificate, authorities);
    }

    /// <summary>Mutual TLS: this host's certificate on both ends of its connections, peers checked by <see cref="IsTrusted"/>.</summary>
    public void Configure(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, chain, errors) => IsTrusted(certificate, chain, errors);
    }

    /// <summary>
    /// True when <paramref name="certificate"/> chains to one of <see cref="Authorities"/> and is valid now. The host
    /// name is not checked: silos reach each other by the addresses they advertise in membership, not by names a
    /// certificate could carry, so being issued by the cluster's authority is what makes a peer a member.
    /// </summary>
    public bool IsTrusted(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = NewChain(Authorities);

        // intermediates the peer sent along
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }

    private static X509Chain NewChain(X509Certificate2Collection authorities)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);

        // a private cluster authority publishes no revocation list to ask
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain;
    }

    private static void Check(X509Certificate2 certificate, X509Certificate2Collection authorities, string key, DateTimeOffset now)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new XiPConfigurationException(key, $"certificate '{certificate.Subject}' has no private key; the host cannot present it.");
        }

        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            throw new XiPConfigurationException(key, $"certificate '{certificate.Subject}' is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}, not now.");
        }

        // a host accepts connections (server) and opens them (client): a restricted certificate must allow both
        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usages)
        {
            var oids = usages.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToHashSet();
            if (!oids.Contains(ServerAuthentication.Value) || !oids.Contains(ClientAuthentication.Value))
            {
                throw new XiPConfigurationException(key, $"certificate '{certificate.Subject}' must allow both server and client authentication (extended key usages 1.3.6.1.5.5.7.3.1 and .2).");
            }
        }

        // a certificate its own authority did not issue would be refused by every peer: say so at start, not at each connection
        using var chain = NewChain(authorities);
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (!chain.Build(certificate))
        {
            var why = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            throw new XiPConfigurationException(key, $"certificate '{certificate.Subject}' does not chain to the authority in {Section}:CaPath: {why}");
        }
    }

    private static X509Certificate2Collection ReadAuthorities(string path)
    {
        const string Key = $"{Section}:CaPath";
        var authorities = new X509Certificate2Collection();
        try
        {
            if (IsPem(RequireFile(Key, path)))
            {
                authorities.ImportFromPemFile(path);
            }
            else
            {
                authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
        }
        catch (CryptographicException exception)
        {
            throw new XiPConfigurationException(Key, $"'{path}' is not a PEM or DER certificate: {exception.Message}");
        }

        return authorities.Count > 0
            ? authorities
            : throw new XiPConfigurationException(Key, $"'{path}' holds no certificate.");
    }

    private static X509Certificate2 ReadCertificate(TlsSettings settings)
    {
        const string Key = $"{Section}:CertificatePath";
        var path = settings.CertificatePath!;
        var password = string.IsNullOrEmpty(settings.CertificatePassword) ? null : settings.CertificatePassword;
        try
        {
            if (!IsPem(RequireFile(Key, path)))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, password);
            }

            var keyPath = string.IsNullOrWhiteSpace(settings.KeyPath) ? path : RequireFile($"{Section}:KeyPath", settings.KeyPath);
            using var pem = password is null
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);

            // a key read from PEM lives only in memory; a PKCS#12 round trip gives it the form TLS stacks accept everywhere
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException exception)
        {
            throw new XiPConfigurationException(Key, $"'{path}' is not a PKCS#12 or PEM certificate with its private key (or {Section}:CertificatePassword is wrong): {exception.Message}");
        }
    }

    private static X509Certificate2 FindInStore(TlsSettings settings)
    {
        const string Key = $"{Section}:Thumbprint";
        if (!Enum.TryParse<StoreName>(settings.StoreName, ignoreCase: true, out var name))
        {
            throw new XiPConfigurationException($"{Section}:StoreName", $"'{settings.StoreName}' is not a store name; use one of {string.Join(", ", Enum.GetNames<StoreName>())}.");
        }

        if (!Enum.TryParse<StoreLocation>(settings.StoreLocation, ignoreCase: true, out var location))
        {
            throw new XiPConfigurationException($"{Section}:StoreLocation", $"'{settings.StoreLocation}' is not a store location; use CurrentUser or LocalMachine.");
        }

        using var store = new X509Store(name, location);
        try
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        }
        catch (CryptographicException exception)
        {
            throw new XiPConfigurationException(Key, $"no certificate with thumbprint {settings.Thumbprint}: the {location}/{name} store cannot be opened: {exception.Message}");
        }

        var found = store.Certificates.Find(X509FindType.FindByThumbprint, settings.Thumbprint!.Replace(" ", string.Empty, StringComparison.Ordinal), validOnly: false);
        return found.Count > 0
            ? found[0]
            : throw new XiPConfigurationException(Key, $"no certificate with thumbprint {settings.Thumbprint} in the {location}/{name} store.");
    }

    private static string RequireFile(string key, string path) =>
        File.Exists(path) ? path : throw new XiPConfigurationException(key, $"file '{Path.GetFullPath(path)}' does not exist.");

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var start = new char[64];
        var read = reader.Read(start, 0, start.Length);
        return new string(start, 0, read).Contains("-----BEGIN", StringComparison.Ordinal);
    }
}
