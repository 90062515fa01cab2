using System.Security.Claims;
using System.Text.Json;
using XiP.Abstractions.Trades;

namespace XiP.Gateway.Security;

/// <summary>
/// Who is calling, as the gateway judges it: a name (an API key's name or a token's subject), the highest role held and the
/// books entitled. The same claims come from every scheme (<see cref="ClaimNames"/>), so the checks do not care which one.
/// </summary>
public sealed class Caller
{
    private static readonly object ItemKey = new();

    private Caller(string name, int rank, BookPatterns books)
    {
        Name = name;
        Rank = rank;
        Books = books;
    }

    public string Name { get; }

    /// <summary>The books this caller may read and write; an admin is entitled to every book.</summary>
    public BookPatterns Books { get; }

    private int Rank { get; }

    public bool IsAdmin => Rank >= XiPRoles.Rank(XiPRoles.Admin);

    public bool Has(string role) => Rank >= XiPRoles.Rank(role);

    public bool MayUse(string book) => Books.IsAll || Books.Allows(book);

    /// <summary>The caller of <paramref name="context"/>, worked out once per request.</summary>
    public static Caller Of(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var known) && known is Caller caller)
        {
            return caller;
        }

        caller = Of(context.User);
        context.Items[ItemKey] = caller;
        return caller;
    }

    public static Caller Of(ClaimsPrincipal user)
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
        return new Caller(name, rank, books);
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

/// <summary>The claim types every scheme gives a caller.</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Roles = "roles";
    public const string Books = "xip:books";
}
