namespace XiP.Hosting;

/// <summary>
/// The <c>XiP:Tls</c> section: the certificate a host presents on the cluster's connections (silo to silo,
/// gateway to silo) and the certificate authority its peers' certificates must chain to. Unset, the cluster's
/// connections are plain TCP.
/// </summary>
public sealed class TlsSettings
{
    /// <summary>The host's certificate with its private key (<c>XiP:Tls:CertificatePath</c>): a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) or PEM.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of the PKCS#12 file or of an encrypted PEM key (<c>XiP:Tls:CertificatePassword</c>).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key when it is not in <see cref="CertificatePath"/> (<c>XiP:Tls:KeyPath</c>; Kubernetes' <c>tls.key</c>).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The thumbprint of the host's certificate in the certificate store (<c>XiP:Tls:Thumbprint</c>), instead of a file.</summary>
    public string? Thumbprint { get; set; }

    /// <summary>The store <see cref="Thumbprint"/> is looked up in (<c>XiP:Tls:StoreName</c>, default <c>My</c>).</summary>
    public string StoreName { get; set; } = "My";

    /// <summary>The store location <see cref="Thumbprint"/> is looked up in (<c>XiP:Tls:StoreLocation</c>, default <c>CurrentUser</c>).</summary>
    public string StoreLocation { get; set; } = "CurrentUser";

    /// <summary>The certificate authority (PEM or DER; a PEM file may hold several) peers' certificates must chain to (<c>XiP:Tls:CaPath</c>).</summary>
    public string? CaPath { get; set; }

    /// <summary>True when any key of the section asks for TLS.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(Thumbprint) || !string.IsNullOrWhiteSpace(CaPath);
}
