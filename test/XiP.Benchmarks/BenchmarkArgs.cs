using System.Globalization;

namespace XiP.Benchmarks;

/// <summary>A benchmark command's options: <c>--name value</c> pairs and <c>--flag</c>s, each known by name; anything else is a usage error.</summary>
internal sealed class BenchmarkArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private BenchmarkArgs()
    {
    }

    /// <summary>The options, or null after writing <paramref name="usage"/> to standard error when one is unknown or lacks its value.</summary>
    public static BenchmarkArgs? Parse(string[] args, string usage, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        var parsed = new BenchmarkArgs();
        for (var i = 0; i < args.Length; i++)
        {
            if (flags.Contains(args[i]))
            {
                parsed._flags.Add(args[i]);
            }
            else if (options.Contains(args[i]) && i + 1 < args.Length)
            {
                parsed._values[args[i]] = args[++i];
            }
            else
            {
                Console.Error.WriteLine($"unknown option '{args[i]}'; usage: {usage}");
                return null;
            }
        }

        return parsed;
    }

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public bool Flag(string name) => _flags.Contains(name);
}
