using System.Text.Json;
using System.Text.Json.Serialization;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Runs;
using XiP.Abstractions.Scenarios;

namespace XiP.Grains;

/// <summary>
/// The text a grain stores beside what it was sent, to tell the same body sent again from a changed one. It is
/// stored state, not the REST contract: its spelling is pinned (CanonicalFormTests) and must not follow the contract.
/// </summary>
public static class Canonical
{
    private static readonly JsonSerializerOptions Requests = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    // absent optional members are left out rather than written as null, as the snapshots were first stored
    private static readonly JsonSerializerOptions Snapshots = new(Requests) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The snapshot with curves and equities in ordinal order of their names, so insertion order does not count.</summary>
    public static string Of(MarketDataSpec snapshot) => JsonSerializer.Serialize(
        new
        {
            snapshot.ValuationDate,
            Curves = new SortedDictionary<string, CurveSpec>(snapshot.Curves, StringComparer.Ordinal),
            Equities = new SortedDictionary<string, EquitySpec>(snapshot.Equities, StringComparer.Ordinal),
        },
        Snapshots);

    public static string Of(ScenarioSetSpec set) => JsonSerializer.Serialize(set, Snapshots);

    public static string Of(RunRequest request) => JsonSerializer.Serialize(request, Requests);
}
