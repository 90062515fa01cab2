namespace XiP.Pricing.Columnar;

/// <summary>
/// Orders strings by Unicode code point, which is the order of their UTF-8 bytes: the order of trade ids in runs
/// and results everywhere (and what SQLite's BINARY, PostgreSQL's "C" and MongoDB's simple collation give). It
/// equals <see cref="string.CompareOrdinal(string, string)"/> except where characters beyond U+FFFF meet U+E000–U+FFFF.
/// </summary>
public sealed class CodePointOrder : IComparer<string>
{
    public static CodePointOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b)
            {
                return Fix(a) - Fix(b);
            }
        }

        return x.Length - y.Length;
    }

    // Surrogates (U+D800–U+DFFF) stand for code points above U+FFFF, so they sort after U+E000–U+FFFF.
    private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
