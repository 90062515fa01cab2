using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace XiP.Gateway.Security;

/// <summary>
/// The OpenAPI document's security: the three ways to authenticate (API key header, bearer token, session cookie) and,
/// on every operation that needs a caller, the requirement with the role it takes in its description.
/// </summary>
internal static class SecuritySchemes
{
    public const string ApiKey = "apiKey";
    public const string Bearer = "bearer";
    public const string Cookie = "session";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyHandler.HeaderName,
                Description = "An API key configured under XiP:Auth:ApiKeys (the embedded gateway makes one in <DataDirectory>/admin.key).",
            };
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token of the site's identity provider (XiP:Auth:Jwt): roles in `roles`, books in `xip:books`.",
            };
            document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = SessionApi.CookieName,
                Description = $"A browser session from POST /v1/session; state-changing requests also send the {SessionApi.AntiforgeryHeader} header.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            if (policies.Count == 0)
            {
                return Task.CompletedTask;
            }

            var role = policies.MaxBy(XiPRoles.Rank)!;
            // signing in takes a key; everything else takes any of the three
            var keyOnly = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.AuthenticationSchemes == ApiKeyHandler.SchemeName);
            string[] schemes = keyOnly ? [ApiKey] : [ApiKey, Bearer, Cookie];
            operation.Security ??= [];
            foreach (var scheme in schemes)
            {
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
            }

            operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? string.Empty : "\n\n")}Needs the role `{role}` or higher; "
                + "401 without valid credentials, 403 when the role or the caller's books do not allow it.";
            return Task.CompletedTask;
        });
    }
}
