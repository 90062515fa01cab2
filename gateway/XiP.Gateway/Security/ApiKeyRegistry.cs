using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using XiP.Hosting;

namespace XiP.Gateway.Security;

/// <summary>
/// The configured API keys, held only as SHA-256 hashes. A presented key is hashed and compared with every entry in
/// constant time, so neither the comparison nor the number of entries tried says how close a guess came.
/// </summary>
public sealed class ApiKeyRegistry
{
    private readonly Entry[] _entries;

    private ApiKeyRegistry(Entry[] entries) => _entries = entries;

    public int Count => _entries.Length;

    /// <summary>The keys of <paramref name="options"/>, checked; a bad entry is refused naming its configuration key.</summary>
    public static ApiKeyRegistry From(AuthOptions options, string? generatedAdminKey = null)
    {
        var entries = new List<Entry>();
        foreach (var (name, key) in options.ApiKeys)
        {
            var prefix = $"{AuthOptions.SectionName}:ApiKeys:{name}";
            byte[] hash;
            if (!string.IsNullOrEmpty(key.Key))
            {
                hash = Hash(key.Key);
            }
            else if (!string.IsNullOrEmpty(key.KeySha256))
            {
                try
                {
                    hash = Convert.FromHexString(key.KeySha256.Trim());
                }
                catch (FormatException)
                {
                    throw new XiPConfigurationException($"{prefix}:KeySha256", "must be the hex SHA-256 of the key (64 hex digits).");
                }

                if (hash.Length != SHA256.HashSizeInBytes)
                {
                    throw new XiPConfigurationException($"{prefix}:KeySha256", "must be the hex SHA-256 of the key (64 hex digits).");
                }
            }
            else
            {
                throw new XiPConfigurationException($"{prefix}:Key", "an API key needs Key or KeySha256.");
            }

            var roles = (key.Roles ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (roles.Length == 0 || roles.Any(r => XiPRoles.Rank(r) < 0))
            {
                throw new XiPConfigurationException($"{prefix}:Roles", $"must list roles from {string.Join(", ", XiPRoles.All)}.");
            }

            entries.Add(new Entry(name, hash, roles, key.Books ?? "*"));
        }

        if (generatedAdminKey is not null)
        {
            entries.Add(new Entry(AdminKeyFile.KeyName, Hash(generatedAdminKey), [XiPRoles.Admin], "*"));
        }

        return new ApiKeyRegistry([.. entries]);
    }

    /// <summary>The caller a presented key stands for, or null when no configured key matches.</summary>
    public ClaimsPrincipal? Find(string presented, string authenticationType)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        Entry? found = null;
        foreach (var entry in _entries)
        {
            // every entry is compared, a match or not
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Hash))
            {
                found ??= entry;
            }
        }

        return found?.Principal(authenticationType);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private sealed record Entry(string Name, byte[] Hash, string[] Roles, string Books)
    {
        // a key's claims are its configuration's, so its principal is made once (per scheme) rather than per request
        private CallerPrincipal? _principal;

        public ClaimsPrincipal Principal(string authenticationType)
        {
            if (_principal is { } made && made.Identity!.AuthenticationType == authenticationType)
            {
                return made;
            }

            var claims = new List<Claim> { new(ClaimNames.Subject, Name) };
            claims.AddRange(Roles.Select(r => new Claim(ClaimNames.Roles, r)));
            claims.Add(new Claim(ClaimNames.Books, Books));
            return _principal = new CallerPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimNames.Subject, ClaimNames.Roles));
        }
    }
}
