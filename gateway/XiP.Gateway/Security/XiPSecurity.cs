using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using XiP.Hosting;

namespace XiP.Gateway.Security;

/// <summary>
/// Composes who may call the gateway: the schemes (API key, JWT bearer, session cookie, or open access in
/// <c>Mode=none</c>), the role policies, antiforgery for sessions and the per-caller rate limits; and refuses to start
/// when the settings would leave the platform open (<c>none</c> on a non-loopback listener, a cluster with no credentials).
/// </summary>
public static class XiPSecurity
{
    /// <summary>The default scheme: it forwards to the API-key, bearer, session or open-access scheme a request calls for.</summary>
    public const string SelectorScheme = "XiP";

    /// <summary>What the start-up banner tells the operator: where the generated admin key is, if one was made.</summary>
    public sealed record Setup(string Mode, string? AdminKeyPath);

    public static Setup AddXiPSecurity(this WebApplicationBuilder builder, XiPOptions xip, bool embedded)
    {
        var configuration = builder.Configuration;
        var auth = new AuthOptions();
        configuration.GetSection(AuthOptions.SectionName).Bind(auth);
        var mode = (auth.Mode ?? AuthModes.Keys).Trim().ToLowerInvariant();
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);

        string? adminKeyPath = null;
        if (mode == AuthModes.None)
        {
            var open = Listeners.Configured(configuration, GatewayDefaults.Url).Where(u => !Listeners.IsLoopback(u)).ToList();
            if (open.Count > 0)
            {
                throw new XiPConfigurationException($"{AuthOptions.SectionName}:Mode",
                    $"'none' lets anyone who can connect do anything, so it is refused unless every listener is loopback; {string.Join(", ", open)} is not.");
            }

            builder.Services.AddSingleton(ApiKeyRegistry.From(new AuthOptions()));
        }
        else if (mode == AuthModes.Keys)
        {
            string? generated = null;
            if (auth.ApiKeys.Count == 0 && !auth.Jwt.IsConfigured)
            {
                if (!embedded)
                {
                    throw new XiPConfigurationException($"{AuthOptions.SectionName}:ApiKeys",
                        "a cluster-mode gateway needs credentials to check: configure API keys (XiP:Auth:ApiKeys:{name}:KeySha256 and :Roles) "
                        + "or JWT (XiP:Auth:Jwt:Authority or :Issuer and :SigningKeys, with :Audience).");
                }

                adminKeyPath = AdminKeyFile.PathIn(xip.DataDirectory);
                generated = AdminKeyFile.LoadOrCreate(adminKeyPath);
            }

            builder.Services.AddSingleton(ApiKeyRegistry.From(auth, generated));
        }
        else
        {
            throw new XiPConfigurationException($"{AuthOptions.SectionName}:Mode", $"'{auth.Mode}' is neither '{AuthModes.Keys}' nor '{AuthModes.None}'.");
        }

        AddSchemes(builder.Services, auth, mode);
        AddRolePolicies(builder.Services);
        RoleFirstPolicyEvaluator.Decorate(builder.Services);
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = SessionApi.AntiforgeryHeader;
            o.Cookie.Name = SessionApi.AntiforgeryCookie;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        CallerRateLimits.Add(builder.Services, configuration);

        // Routing answers a content type an endpoint does not accept with 415 before authorisation runs, which would tell
        // an anonymous caller about the endpoint and put 415 before 401/403; RequestContentTypes' middleware answers it
        // after them instead.
        var accepts = builder.Services.Where(d => d.ServiceType == typeof(Microsoft.AspNetCore.Routing.MatcherPolicy) && d.ImplementationType?.Name == "AcceptsMatcherPolicy").ToList();
        foreach (var policy in accepts)
        {
            builder.Services.Remove(policy);
        }

        return new Setup(mode, adminKeyPath);
    }

    /// <summary>Authorisation with a policy per role (<see cref="XiPRoles"/>): an authenticated caller holding that role or a higher one.</summary>
    public static void AddRolePolicies(IServiceCollection services)
    {
        var authorization = services.AddAuthorizationBuilder();
        foreach (var role in XiPRoles.All)
        {
            authorization.AddPolicy(role, p => p.RequireAuthenticatedUser().AddRequirements(new CallerRoleRequirement(role)));
        }
    }

    private static void AddSchemes(IServiceCollection services, AuthOptions auth, string mode)
    {
        var jwt = mode == AuthModes.Keys && auth.Jwt.IsConfigured;
        var authentication = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key, bearer token or session", o => o.ForwardDefaultSelector = context =>
            {
                if (mode == AuthModes.None)
                {
                    return OpenAccessHandler.SchemeName;
                }

                if (context.Request.Headers.ContainsKey(ApiKeyHandler.HeaderName))
                {
                    return ApiKeyHandler.SchemeName;
                }

                if (jwt && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                {
                    return JwtBearerDefaults.AuthenticationScheme;
                }

                return context.Request.Cookies.ContainsKey(SessionApi.CookieName) ? SessionApi.CookieScheme : ApiKeyHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, OpenAccessHandler>(OpenAccessHandler.SchemeName, null)
            .AddCookie(SessionApi.CookieScheme, o =>
            {
                o.Cookie.Name = SessionApi.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // an API answers 401/403 as problem+json, never with a redirect to a login page
                o.ForwardChallenge = ApiKeyHandler.SchemeName;
                o.ForwardForbid = ApiKeyHandler.SchemeName;
            });
        if (jwt)
        {
            authentication.AddJwtBearer(o => JwtSetup.Configure(o, auth.Jwt));
        }

        KeyFirstAuthentication.Decorate(services);
    }

    /// <summary>Authentication, antiforgery for sessions, authorisation, rate limits and the audit trail, in that order.</summary>
    public static WebApplication UseXiPSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseSessionAntiforgery();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAudit();
        return app;
    }
}
