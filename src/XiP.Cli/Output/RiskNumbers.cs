using System.Globalization;
using XiP.Contracts;

namespace XiP.Cli.Output;

/// <summary>
/// A measure's value as a risk user reads it in a table: amounts to the cent, sensitivities to six significant
/// digits, rates in percent; thousands grouped. Tables only: json and csv keep full precision (<see cref="Numbers"/>).
/// </summary>
internal static class RiskNumbers
{
    private const int SensitivityDigits = 6;

    public static string Format(string measure, double value)
    {
        if (!double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        return measure switch
        {
            Measures.Pv or Measures.Pv01 or Measures.DirtyPrice or Measures.CleanPrice or Measures.AccruedInterest => value.ToString("N2", CultureInfo.InvariantCulture),
            Measures.ParRate => (value * 100).ToString("N4", CultureInfo.InvariantCulture) + " %",
            _ => Significant(value, SensitivityDigits),
        };
    }

    /// <summary><paramref name="value"/> to <paramref name="digits"/> significant digits, grouped, never in exponent form.</summary>
    internal static string Significant(double value, int digits)
    {
        if (value == 0)
        {
            return "0";
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var decimals = Math.Clamp(digits - 1 - magnitude, 0, 15);
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        return rounded.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>The mark of footnote <paramref name="number"/> (1-based): superscript digits, so a marked cell stays narrow.</summary>
    public static string Mark(int number) =>
        "n/a" + string.Concat(number.ToString(CultureInfo.InvariantCulture).Select(d => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d - '0']));
}
