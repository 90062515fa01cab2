using System.Globalization;
using System.Text.Json;

namespace XiP.Gateway.Validation;

/// <summary>
/// Reads the members of one JSON object, recording a problem per bad member under its JSON path.
/// Member names match case-insensitively; members nobody read are reported by <see cref="RejectUnknown"/>,
/// so a misspelt optional field (a "quantty" that would silently default to 1) is an error, not a surprise.
/// </summary>
public sealed class JsonObjectReader
{
    private readonly Dictionary<string, JsonProperty> _members = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    private JsonObjectReader(JsonElement element, string path, ValidationErrors errors)
    {
        Path = path;
        Errors = errors;
        foreach (var member in element.EnumerateObject())
        {
            if (!_members.TryAdd(member.Name, member))
            {
                errors.Add(ValidationErrors.Member(path, member.Name), "is given more than once.");
            }
        }
    }

    public string Path { get; }

    public ValidationErrors Errors { get; }

    /// <summary>A reader over <paramref name="element"/>, or null (and an error) when it is not an object.</summary>
    public static JsonObjectReader? Open(JsonElement element, string path, ValidationErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"must be a JSON object, not {Describe(element)}.");
            return null;
        }

        return new JsonObjectReader(element, path, errors);
    }

    public string PathOf(string name) => ValidationErrors.Member(Path, name);

    public bool Has(string name) => _members.TryGetValue(name, out var member) && member.Value.ValueKind != JsonValueKind.Null;

    /// <summary>The member's value; null (with an error when <paramref name="required"/>) when absent or JSON null.</summary>
    public JsonElement? Value(string name, bool required)
    {
        _read.Add(name);
        if (_members.TryGetValue(name, out var member) && member.Value.ValueKind != JsonValueKind.Null)
        {
            return member.Value;
        }

        if (required)
        {
            Errors.Add(PathOf(name), "is required.");
        }

        return null;
    }

    public string? String(string name, bool required = true, int maxLength = 200)
    {
        if (Value(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Errors.Add(PathOf(name), $"must be a string, not {Describe(value)}.");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Errors.Add(PathOf(name), "must not be empty.");
            return null;
        }

        if (text.Length > maxLength)
        {
            Errors.Add(PathOf(name), $"must be at most {maxLength} characters.");
            return null;
        }

        if (HasControl(text))
        {
            Errors.Add(PathOf(name), "must not contain control characters.");
            return null;
        }

        return text;
    }

    /// <summary>
    /// True when <paramref name="text"/> holds a control character: names and ids travel into logs, headers, CSV
    /// exports and databases (PostgreSQL text cannot hold NUL), where such characters break or forge lines.
    /// </summary>
    public static bool HasControl(string text) => text.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0;

    /// <summary>A finite number; <paramref name="rule"/> returns a message when the value is out of range.</summary>
    public double? Number(string name, bool required = true, Func<double, string?>? rule = null)
    {
        if (Value(name, required) is not { } value)
        {
            return null;
        }

        return ReadNumber(value, PathOf(name), Errors, rule);
    }

    public static double? ReadNumber(JsonElement value, string path, ValidationErrors errors, Func<double, string?>? rule = null)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(path, $"must be a number, not {Describe(value)}.");
            return null;
        }

        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            errors.Add(path, "must be a finite number.");
            return null;
        }

        if (rule?.Invoke(number) is { } problem)
        {
            errors.Add(path, problem);
            return null;
        }

        return number;
    }

    public DateOnly? Date(string name, bool required = true)
    {
        if (Value(name, required) is not { } value)
        {
            return null;
        }

        return ReadDate(value, PathOf(name), Errors);
    }

    public static DateOnly? ReadDate(JsonElement value, string path, ValidationErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(path, "must be a date written yyyy-MM-dd.");
            return null;
        }

        if (!Dates.InRange(date))
        {
            errors.Add(path, Dates.RangeMessage);
            return null;
        }

        return date;
    }

    /// <summary>One of <paramref name="names"/> (case-insensitive), mapped to its value.</summary>
    public T? Choice<T>(string name, IReadOnlyDictionary<string, T> names, bool required = true)
        where T : struct
    {
        if (Value(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && names.TryGetValue(value.GetString()!, out var choice))
        {
            return choice;
        }

        Errors.Add(PathOf(name), $"must be one of {string.Join(", ", names.Keys.Select(k => $"'{k}'"))}.");
        return null;
    }

    public JsonObjectReader? Object(string name, bool required = true) =>
        Value(name, required) is { } value ? Open(value, PathOf(name), Errors) : null;

    /// <summary>The elements of an array member with their paths; null when absent or not an array.</summary>
    public List<(JsonElement Element, string Path)>? Array(string name, bool required = true, int minCount = 0, int maxCount = int.MaxValue)
    {
        if (Value(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(PathOf(name), $"must be an array, not {Describe(value)}.");
            return null;
        }

        var count = value.GetArrayLength();
        if (count < minCount)
        {
            Errors.Add(PathOf(name), minCount == 1 ? "must not be empty." : $"must have at least {minCount} elements.");
            return null;
        }

        if (count > maxCount)
        {
            Errors.Add(PathOf(name), $"must have at most {maxCount} elements; it has {count}.");
            return null;
        }

        return value.EnumerateArray().Select((e, i) => (e, ValidationErrors.Element(PathOf(name), i))).ToList();
    }

    /// <summary>Members of an object member, for maps keyed by name; null when absent or not an object.</summary>
    public List<(string Key, JsonElement Element, string Path)>? Map(string name, bool required = true)
    {
        if (Object(name, required) is not { } inner)
        {
            return null;
        }

        return inner._members.Values.Select(m => (m.Name, m.Value, ValidationErrors.Member(inner.Path, m.Name))).ToList();
    }

    /// <summary>Reports every member that no reader method asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var name in _members.Keys.Where(n => !_read.Contains(n)))
        {
            Errors.Add(PathOf(name), "is not a known field.");
        }
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
