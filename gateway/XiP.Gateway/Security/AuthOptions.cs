namespace XiP.Gateway.Security;

/// <summary>Who may call the gateway (configuration section <c>XiP:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "XiP:Auth";

    /// <summary><c>keys</c> (API keys, plus JWT when configured) or <c>none</c> (every caller is an admin; loopback listeners only).</summary>
    public string Mode { get; set; } = AuthModes.Keys;

    /// <summary>API keys by name.</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    public JwtOptions Jwt { get; set; } = new();
}

public static class AuthModes
{
    public const string Keys = "keys";
    public const string None = "none";
}

/// <summary>One API key: the key itself or its SHA-256, the roles it holds and the books it may use.</summary>
public sealed class ApiKeyOptions
{
    public string? Key { get; set; }

    /// <summary>The hex SHA-256 of the key, so that the secret itself need not sit in configuration.</summary>
    public string? KeySha256 { get; set; }

    /// <summary>Comma-separated roles: viewer, trader, admin.</summary>
    public string? Roles { get; set; }

    /// <summary>Comma-separated book patterns with <c>*</c> wildcards; default <c>*</c>.</summary>
    public string? Books { get; set; }
}

/// <summary>JWT bearer tokens from the site's identity provider.</summary>
public sealed class JwtOptions
{
    /// <summary>The provider's address, where its OpenID configuration and signing keys are discovered.</summary>
    public string? Authority { get; set; }

    /// <summary>The expected issuer, when keys are given here instead of discovered.</summary>
    public string? Issuer { get; set; }

    /// <summary>Keys tokens may be signed with: base64 for a symmetric key, or a PEM public key (RSA or EC).</summary>
    public List<string> SigningKeys { get; set; } = [];

    public string? Audience { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(Issuer);
}
