using System.Globalization;

namespace XiP.Cli.Output;

/// <summary>Numbers as text that parses back to the same double, whatever the machine's culture.</summary>
internal static class Numbers
{
    public static string RoundTrip(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
