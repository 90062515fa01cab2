namespace XiP.Gateway.Validation;

/// <summary>Problems found in a request body, by JSON path, in the order they were found.</summary>
public sealed class ValidationErrors
{
    // Enough to show a client every kind of mistake without answering a 100k-trade body with 100k messages.
    private const int MaxErrors = 200;
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private int _count;

    public bool Any => _errors.Count > 0;

    /// <summary>True once no more messages are kept: reading further finds nothing a client would see.</summary>
    public bool IsFull => _count >= MaxErrors;

    public void Add(string path, string message)
    {
        if (_count >= MaxErrors)
        {
            return;
        }

        _count++;
        var key = path.Length == 0 ? "$" : path;
        if (!_errors.TryGetValue(key, out var list))
        {
            list = [];
            _errors[key] = list;
        }

        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>The path of a member of the object at <paramref name="parent"/>.</summary>
    public static string Member(string parent, string name)
    {
        var simple = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        if (!simple)
        {
            return $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";
        }

        return parent.Length == 0 ? name : $"{parent}.{name}";
    }

    /// <summary>The path of element <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Element(string parent, int index) => $"{parent}[{index}]";
}
