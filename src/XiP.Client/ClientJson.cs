using System.Text.Json;
using System.Text.Json.Serialization;

namespace XiP.Client;

/// <summary>
/// The JSON conventions of the REST contract (camelCase names, camelCase enum strings, dictionary keys as
/// given): the same as the server's <c>WireJson</c>, restated here so the client carries no Orleans.
/// </summary>
public static class ClientJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary><see cref="Options"/>, indented, for output meant to be read.</summary>
    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
