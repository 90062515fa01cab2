namespace XiP.Pricing.Time;

/// <summary>The unit of a <see cref="Tenor"/>.</summary>
public enum TenorUnit
{
    Days,
    Weeks,
    Months,
    Years,
}

/// <summary>A period such as 3M or 10Y, added to dates without calendar adjustment.</summary>
public readonly record struct Tenor(int Count, TenorUnit Unit)
{
    /// <summary>The date <paramref name="start"/> plus this period; month ends clamp (Jan 31 + 1M = Feb 28/29).</summary>
    public DateOnly AddTo(DateOnly start) => Unit switch
    {
        TenorUnit.Days => start.AddDays(Count),
        TenorUnit.Weeks => start.AddDays(7 * Count),
        TenorUnit.Months => start.AddMonths(Count),
        TenorUnit.Years => start.AddYears(Count),
        _ => throw new ArgumentOutOfRangeException(nameof(Unit)),
    };

    /// <summary>Parses "3M", "10Y", "2W", "1D" (case-insensitive); a positive count is required.</summary>
    public static bool TryParse(string? text, out Tenor tenor)
    {
        tenor = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2)
        {
            return false;
        }

        TenorUnit? unit = char.ToUpperInvariant(text[^1]) switch
        {
            'D' => TenorUnit.Days,
            'W' => TenorUnit.Weeks,
            'M' => TenorUnit.Months,
            'Y' => TenorUnit.Years,
            _ => null,
        };
        if (unit is null || !int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count <= 0 || count > 100 * 366)
        {
            return false;
        }

        tenor = new Tenor(count, unit.Value);
        return true;
    }

    public override string ToString() => $"{Count}{Unit switch { TenorUnit.Days => 'D', TenorUnit.Weeks => 'W', TenorUnit.Months => 'M', _ => 'Y' }}";
}
