namespace XiP.Abstractions.Trades;

/// <summary>
/// The books a caller is entitled to: patterns in which <c>*</c> stands for any run of characters (<c>*</c> alone is
/// every book). Kept with the abstractions because the gateway and the run grains judge entitlements the same way.
/// </summary>
[GenerateSerializer, Immutable, Alias("xip.book-patterns")]
public sealed record BookPatterns([property: Id(0)] IReadOnlyList<string> Patterns)
{
    /// <summary>Every book.</summary>
    public static BookPatterns All { get; } = new(["*"]);

    /// <summary>True when every book matches, so no per-book check is needed.</summary>
    public bool IsAll => Patterns.Contains("*");

    /// <summary>Patterns from a comma-separated list; empty entries are dropped, and an empty list entitles no book.</summary>
    public static BookPatterns Parse(string? commaSeparated) => commaSeparated is null
        ? All
        : new([.. commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);

    public bool Allows(string book)
    {
        foreach (var pattern in Patterns)
        {
            if (Matches(pattern, book))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Glob match with <c>*</c> only, greedy with backtracking to the last star (linear in practice, no regular expressions).</summary>
    private static bool Matches(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
