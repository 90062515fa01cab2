using System.Globalization;

namespace XiP.Numerics.Tests;

/// <summary>One row of normal-reference.csv: the function at x, exact to ~25 digits.</summary>
internal readonly record struct ReferenceRow(double X, double Expected);

/// <summary>
/// Reads normal-reference.csv (erfc and the normal CDF at 256-bit precision, written by
/// make_normal_reference.py and copied next to the test assembly).
/// </summary>
internal static class NormalReference
{
    public const string Erfc = "erfc";
    public const string NormalCdf = "ncdf";
    public const string NormalDensity = "npdf";

    private const string FileName = "normal-reference.csv";

    public static IReadOnlyList<ReferenceRow> Load(string function)
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        var rows = new List<ReferenceRow>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 3)
            {
                throw new InvalidDataException($"{FileName}: expected 'function,x,value' but found '{line}'.");
            }

            if (fields[0] == function)
            {
                rows.Add(new ReferenceRow(Parse(fields[1]), Parse(fields[2])));
            }
        }

        return rows;
    }

    public static double RelativeError(double actual, double expected) => Math.Abs(actual - expected) / Math.Abs(expected);

    /// <summary>
    /// How many units in the last place of <paramref name="expected"/> (the reference rounded to double) <paramref name="actual"/> is away
    /// from it: the unit of the README's accuracy bounds.
    /// </summary>
    public static double Ulps(double actual, double expected) => Math.Abs(actual - expected) / (Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected));

    /// <summary>Fails listing the worst offenders, so a regression names its inputs.</summary>
    public static void AssertAllWithin(IEnumerable<(double X, double Expected, double Actual, double Error)> results, double tolerance, string what)
    {
        var failures = results.Where(r => !(r.Error <= tolerance)).OrderByDescending(r => double.IsNaN(r.Error) ? double.PositiveInfinity : r.Error).ToList();
        if (failures.Count > 0)
        {
            var worst = string.Join(Environment.NewLine, failures.Take(10).Select(f =>
                $"  x = {f.X:R}: expected {f.Expected:R}, got {f.Actual:R}, error {f.Error:E3}"));
            Assert.Fail($"{what}: {failures.Count} rows exceed {tolerance:E1}; worst:{Environment.NewLine}{worst}");
        }
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
