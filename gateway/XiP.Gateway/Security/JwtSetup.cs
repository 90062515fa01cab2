using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using XiP.Hosting;

namespace XiP.Gateway.Security;

/// <summary>JWT bearer validation from <c>XiP:Auth:Jwt</c>: issuer, audience, lifetime and signature are all checked.</summary>
internal static class JwtSetup
{
    public static void Configure(JwtBearerOptions bearer, JwtOptions jwt)
    {
        const string Section = AuthOptions.SectionName + ":Jwt";
        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            throw new XiPConfigurationException($"{Section}:Audience", "a token must be meant for this platform: name the audience.");
        }

        // claims keep the names the token gives them (sub, roles, xip:books) rather than .NET's long URIs
        bearer.MapInboundClaims = false;
        bearer.ForwardChallenge = ApiKeyHandler.SchemeName;
        bearer.ForwardForbid = ApiKeyHandler.SchemeName;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            NameClaimType = ClaimNames.Subject,
            RoleClaimType = ClaimNames.Roles,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            bearer.Authority = jwt.Authority;
            if (!string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                bearer.TokenValidationParameters.ValidIssuer = jwt.Issuer;
            }

            return;
        }

        if (jwt.SigningKeys.Count == 0)
        {
            throw new XiPConfigurationException($"{Section}:SigningKeys", "with an Issuer and no Authority, the keys tokens are signed with must be given.");
        }

        bearer.TokenValidationParameters.ValidIssuer = jwt.Issuer;
        bearer.TokenValidationParameters.IssuerSigningKeys = jwt.SigningKeys.Select((k, i) => Key(k, $"{Section}:SigningKeys:{i}")).ToList();
    }

    private static SecurityKey Key(string text, string configurationKey)
    {
        text = text.Trim();
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(text);
                return new RsaSecurityKey(rsa);
            }
            catch (ArgumentException)
            {
                var ec = ECDsa.Create();
                ec.ImportFromPem(text);
                return new ECDsaSecurityKey(ec);
            }
        }

        try
        {
            var bytes = Convert.FromBase64String(text);
            if (bytes.Length < 32)
            {
                throw new XiPConfigurationException(configurationKey, "a symmetric signing key must be at least 256 bits.");
            }

            return new SymmetricSecurityKey(bytes);
        }
        catch (FormatException)
        {
            throw new XiPConfigurationException(configurationKey, "must be a base64 symmetric key or a PEM public key.");
        }
    }
}
