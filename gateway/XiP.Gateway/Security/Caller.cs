using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using XiP.Abstractions.Trades;

namespace XiP.Gateway.Security;

/// <summary>
/// Who is calling, as the gateway judges it: a name (an API key's name or a token's subject), the highest role held and the
/// books entitled. The same claims come from every scheme (<see cref="ClaimNames"/>), so the checks do not care which one.
/// </summary>
public sealed class Caller
{
    private static readonly object ItemKey = new();

    private string? _rateLimitKey;

    private Caller(string name, int rank, BookPatterns books, string? scheme)
    {
        Name = name;
        Rank = rank;
        Books = books;
        Scheme = scheme;
    }

    public string Name { get; }

    /// <summary>The scheme that authenticated the caller (its principal's authentication type).</summary>
    public string? Scheme { get; }

    /// <summary>The caller's rate-limit bucket: its scheme and name, so that two keys, or a key and a token subject, never share one.</summary>
    public string RateLimitKey => _rateLimitKey ??= $"{Scheme}:{Name}";

    /// <summary>The books this caller may read and write; an admin is entitled to every book.</summary>
    public BookPatterns Books { get; }

    private int Rank { get; }

    public bool IsAdmin => Rank >= XiPRoles.Rank(XiPRoles.Admin);

    public bool Has(string role) => Rank >= XiPRoles.Rank(role);

    public bool MayUse(string book) => Books.IsAll || Books.Allows(book);

    /// <summary>The caller of <paramref name="context"/>, worked out once per request (or once per API key).</summary>
    public static Caller Of(HttpContext context)
    {
        if (context.User is CallerPrincipal principal)
        {
            return principal.Caller;
        }

        if (context.Items.TryGetValue(ItemKey, out var known) && known is Caller caller)
        {
            return caller;
        }

        caller = Of(context.User);
        context.Items[ItemKey] = caller;
        return caller;
    }

    /// <summary>The caller a role policy judges: the request's, when the policy runs for one (its resource), so it is worked out once.</summary>
    public static Caller Of(AuthorizationHandlerContext context) =>
        context.Resource is HttpContext http && ReferenceEquals(http.User, context.User) ? Of(http) : Of(context.User);

    public static Caller Of(ClaimsPrincipal user) => user is CallerPrincipal principal ? principal.Caller : From(user);

    internal static Caller From(ClaimsPrincipal user)
    {
        var name = user.FindFirst(ClaimNames.Subject)?.Value ?? user.Identity?.Name ?? "anonymous";
        var rank = -1;
        foreach (var role in Values(user, ClaimNames.Roles).Concat(Values(user, ClaimTypes.Role)))
        {
            rank = Math.Max(rank, XiPRoles.Rank(role));
        }

        // a token without a books claim reads no book data: entitlements are granted, never assumed
        var patterns = Values(user, ClaimNames.Books).ToList();
        var books = rank >= XiPRoles.Rank(XiPRoles.Admin) ? BookPatterns.All : new BookPatterns(patterns);
        return new Caller(name, rank, books, user.Identity?.AuthenticationType);
    }

    /// <summary>Each claim's values: a claim may hold one value, a comma-separated list or a JSON array.</summary>
    private static IEnumerable<string> Values(ClaimsPrincipal user, string type)
    {
        foreach (var claim in user.FindAll(type))
        {
            var value = claim.Value.Trim();
            if (value.StartsWith('['))
            {
                string[]? items = null;
                try
                {
                    items = JsonSerializer.Deserialize<string[]>(value);
                }
                catch (JsonException)
                {
                    // not an array after all: taken as a list below
                }

                if (items is not null)
                {
                    foreach (var item in items)
                    {
                        yield return item.Trim();
                    }

                    continue;
                }
            }

            foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return item;
            }
        }
    }
}

/// <summary>
/// A principal whose claims are fixed by configuration (an API key, open access), made once and shared by every request
/// it authenticates, with its <see cref="Security.Caller"/> worked out from those claims once.
/// </summary>
public sealed class CallerPrincipal : ClaimsPrincipal
{
    public CallerPrincipal(ClaimsIdentity identity)
        : base(identity) => Caller = Caller.From(this);

    public Caller Caller { get; }
}

/// <summary>The claim types every scheme gives a caller.</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Roles = "roles";
    public const string Books = "xip:books";
}
