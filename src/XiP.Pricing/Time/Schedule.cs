namespace XiP.Pricing.Time;

/// <summary>Unadjusted coupon schedules, no calendar.</summary>
/// <remarks>Each date is computed from the anchor with i × period (not by repeated stepping), as
/// QuantLib's schedule does, so month-end clamping never drifts.</remarks>
public static class Schedule
{
    /// <summary>Dates rolled forward from <paramref name="start"/>; a short final stub ends at <paramref name="end"/>.</summary>
    public static List<DateOnly> Forward(DateOnly start, DateOnly end, Frequency frequency)
    {
        var dates = new List<DateOnly> { start };
        for (var i = 1; ; i++)
        {
            var next = start.AddMonths(i * frequency.Months());
            if (next >= end)
            {
                break;
            }

            dates.Add(next);
        }

        dates.Add(end);
        return dates;
    }

    /// <summary>Dates rolled backward from <paramref name="end"/>; a short first stub starts at <paramref name="start"/>.</summary>
    public static List<DateOnly> Backward(DateOnly start, DateOnly end, Frequency frequency)
    {
        var dates = new List<DateOnly> { end };
        for (var i = 1; ; i++)
        {
            var previous = end.AddMonths(-i * frequency.Months());
            if (previous <= start)
            {
                break;
            }

            dates.Add(previous);
        }

        dates.Add(start);
        dates.Reverse();
        return dates;
    }
}
