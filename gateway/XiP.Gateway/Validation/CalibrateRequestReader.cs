using System.Text.Json;
using XiP.Abstractions.Pricing;

namespace XiP.Gateway.Validation;

/// <summary>Validates the body of <c>POST /v1/curves/calibrate</c>.</summary>
public static class CalibrateRequestReader
{
    public const int MaxDates = 100_000;

    public static CalibrateRequest? Read(JsonElement body, ValidationErrors errors)
    {
        if (JsonObjectReader.Open(body, string.Empty, errors) is not { } root)
        {
            return null;
        }

        var valuationDate = root.Date("valuationDate");
        var curve = root.Object("curve") is { } reader ? MarketDataReader.ReadCurve(reader, valuationDate) : null;
        var dates = new List<DateOnly>();
        foreach (var (element, path) in root.Array("dates", required: false, maxCount: MaxDates) ?? [])
        {
            if (JsonObjectReader.ReadDate(element, path, errors) is not { } date)
            {
                continue;
            }

            if (valuationDate is { } v && date < v)
            {
                errors.Add(path, "must not be before the valuation date.");
                continue;
            }

            dates.Add(date);
        }

        root.RejectUnknown();
        return errors.Any || valuationDate is null || curve is null ? null : new CalibrateRequest(valuationDate.Value, curve, dates);
    }
}
