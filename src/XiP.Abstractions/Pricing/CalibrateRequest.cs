using XiP.Abstractions.MarketData;

namespace XiP.Abstractions.Pricing;

/// <summary>A curve to calibrate and the dates to report discount factors for.</summary>
[GenerateSerializer, Alias("xip.calibrate-request")]
public sealed record CalibrateRequest(
    [property: Id(0)] DateOnly ValuationDate,
    [property: Id(1)] CurveSpec Curve,
    [property: Id(2)] List<DateOnly> Dates);

/// <summary>The calibrated curve's nodes and the discount factors at the requested dates.</summary>
[GenerateSerializer, Alias("xip.calibrate-response")]
public sealed record CalibrateResponse(
    [property: Id(0)] List<CurveNode> Nodes,
    [property: Id(1)] List<double> DiscountFactors);

/// <summary>A node of a calibrated curve.</summary>
[GenerateSerializer, Immutable, Alias("xip.curve-node")]
public sealed record CurveNode([property: Id(0)] DateOnly Date, [property: Id(1)] double DiscountFactor);
