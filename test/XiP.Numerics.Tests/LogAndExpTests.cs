using System.Globalization;
using XiP.Numerics.Simd;

namespace XiP.Numerics.Tests;

/// <summary>LaneMath's ln(a/b), ln x and e^x against mpmath at 256 bits (log-reference.csv, make_log_reference.py).</summary>
public sealed class LogAndExpTests
{
    /// <summary>The rounding of s = (mₐ − m_b)/(mₐ + m_b) (two operations) and of the final sums.</summary>
    private const double LogRatioUlps = 2.0;

    private const double LogUlps = 1.0;

    /// <summary>The scaling by 2ⁿ is exact; the polynomial and the two-part reduction cost about an ulp.</summary>
    private const double ExpUlps = 1.0;

    [Fact]
    public void LogRatio_ReferenceRows_WithinTwoUlps()
    {
        var rows = Load("logratio");
        Assert.True(rows.Count >= 700, $"only {rows.Count} logratio rows");

        NormalReference.AssertAllWithin(
            rows.Where(r => r.Expected != 0).Select(r =>
            {
                var actual = LaneMath.LogRatio(Lane1.Broadcast(r.A), Lane1.Broadcast(r.B)).Value;
                return (r.A / r.B, r.Expected, actual, NormalReference.Ulps(actual, r.Expected));
            }),
            LogRatioUlps,
            "ln(a/b), in ulps");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(100.0)]
    [InlineData(1e-300)]
    [InlineData(3.0e250)]
    public void LogRatio_EqualArguments_IsExactlyZero(double a)
    {
        Assert.Equal(0.0, LaneMath.LogRatio(Lane1.Broadcast(a), Lane1.Broadcast(a)).Value);
    }

    [Fact]
    public void Log_ReferenceRows_WithinOneUlp()
    {
        var rows = Load("log");
        Assert.True(rows.Count >= 400, $"only {rows.Count} log rows");

        NormalReference.AssertAllWithin(
            rows.Where(r => r.Expected != 0).Select(r => (r.A, r.Expected, LaneMath.Log(Lane1.Broadcast(r.A)).Value, NormalReference.Ulps(LaneMath.Log(Lane1.Broadcast(r.A)).Value, r.Expected))),
            LogUlps,
            "ln x, in ulps");
    }

    [Fact]
    public void Exp_ReferenceRows_WithinOneUlp()
    {
        var rows = Load("exp");
        Assert.True(rows.Count >= 400, $"only {rows.Count} exp rows");

        NormalReference.AssertAllWithin(
            rows.Select(r => (r.A, r.Expected, LaneMath.Exp(Lane1.Broadcast(r.A)).Value, NormalReference.Ulps(LaneMath.Exp(Lane1.Broadcast(r.A)).Value, r.Expected))),
            ExpUlps,
            "e^x, in ulps");
    }

    private static List<(double A, double B, double Expected)> Load(string function)
    {
        var rows = new List<(double A, double B, double Expected)>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "log-reference.csv")))
        {
            var fields = line.Split(',');
            if (line.StartsWith('#') || fields[0] != function)
            {
                continue;
            }

            rows.Add((Parse(fields[1]), fields[2].Length == 0 ? double.NaN : Parse(fields[2]), Parse(fields[3])));
        }

        return rows;
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
