using System.Text;
using System.Text.Json;

namespace XiP.Gateway.Validation;

/// <summary>
/// Finds text that parses as JSON but is not text: a <c>\u</c> escape of one half of a UTF-16 surrogate pair without
/// the other. The JSON parser accepts it (the grammar allows any <c>\uXXXX</c>) and only reading the string fails, so
/// every body is checked here once, before a reader touches it, and the answer names the field.
/// </summary>
public static class JsonText
{
    /// <summary>Adds an error at the first string or member name of <paramref name="json"/> that is not valid UTF-16; false when there is one.</summary>
    /// <remarks>Text that is not JSON passes: the parser reports it. Unescaped invalid UTF-8 is the parser's too.</remarks>
    public static bool Check(ReadOnlySpan<byte> json, string root, ValidationErrors errors)
    {
        // an unpaired surrogate can only be written as an escape; most bodies have none and pay one vectorised search
        if (json.IndexOf("\\u"u8) < 0)
        {
            return true;
        }

        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, JsonBody.ReaderOptions);
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    if (!IsText(ref reader))
                    {
                        errors.Add(ValidationErrors.Member(PathOf(frames, root, frames.Count - 1), Raw(ref reader)), "the member name is not valid text: it holds half of a UTF-16 surrogate pair.");
                        return false;
                    }

                    frames[^1] = frames[^1] with { Name = reader.GetString() };
                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }

                if (frames.Count > 0 && frames[^1].IsArray)
                {
                    frames[^1] = frames[^1] with { Count = frames[^1].Count + 1 };
                }

                if (token == JsonTokenType.String && !IsText(ref reader))
                {
                    errors.Add(PathOf(frames, root, frames.Count), "is not valid text: it holds half of a UTF-16 surrogate pair.");
                    return false;
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add(new Frame(token == JsonTokenType.StartArray, 0, null));
                }
            }
        }
        catch (JsonException)
        {
            // not JSON: the parser that follows says where
        }

        return true;
    }

    private static bool IsText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return true;
        }

        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The name as written, escapes and all: it cannot be shown unescaped.</summary>
    private static string Raw(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());

    /// <summary>The path through the first <paramref name="depth"/> containers to where each stands.</summary>
    private static string PathOf(List<Frame> frames, string root, int depth)
    {
        var path = root;
        for (var i = 0; i < depth; i++)
        {
            path = frames[i].IsArray ? ValidationErrors.Element(path, frames[i].Count - 1) : ValidationErrors.Member(path, frames[i].Name ?? string.Empty);
        }

        return path;
    }

    private readonly record struct Frame(bool IsArray, int Count, string? Name);
}
