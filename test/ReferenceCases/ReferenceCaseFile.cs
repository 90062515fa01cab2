using System.Text.Json;

namespace XiP.Testing;

/// <summary>
/// One of the QuantLib 1.29 reference files under test/ReferenceCases (schema xip-ref/1, written by
/// make_cases.py there). Numbers are shortest round-trip doubles, so parsing gives back exactly the
/// doubles QuantLib was fed and produced.
/// </summary>
public sealed class ReferenceCaseFile
{
    private ReferenceCaseFile(JsonDocument document) => Document = document;

    public JsonDocument Document { get; }

    public DateOnly EvaluationDate => DateOnly.Parse(Document.RootElement.GetProperty("eval_date").GetString()!);

    public IEnumerable<JsonElement> Cases => Document.RootElement.GetProperty("cases").EnumerateArray();

    public static ReferenceCaseFile Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ReferenceCases", name);
        return new ReferenceCaseFile(JsonDocument.Parse(File.ReadAllText(path)));
    }
}

/// <summary>The comparison rule of the reference files: |got − expected| ≤ rtol·|expected| + atol.</summary>
public sealed class ToleranceReport(double rtol)
{
    private readonly List<string> _failures = [];

    public int Checked { get; private set; }

    public void Check(string label, double expected, double got, double atol)
    {
        Checked++;
        if (!(Math.Abs(got - expected) <= rtol * Math.Abs(expected) + atol))
        {
            _failures.Add($"{label}: expected {expected:R}, got {got:R} (rel {Math.Abs(got - expected) / Math.Max(Math.Abs(expected), 1e-300):E2})");
        }
    }

    public void AssertAllWithin()
    {
        Xunit.Assert.True(Checked > 0, "no value was checked");
        Xunit.Assert.True(_failures.Count == 0, $"{_failures.Count} of {Checked} values outside tolerance:\n" + string.Join("\n", _failures.Take(25)));
    }
}
