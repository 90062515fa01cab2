namespace XiP.Contracts;

/// <summary>
/// Limits of the REST contract that more than one side checks (the gateway's readers, its OpenAPI document, the
/// grains, the result store, clients): each is stated here once.
/// </summary>
public static class Limits
{
    /// <summary>The setting that changes <see cref="MaxTradesPerRun"/>; the gateway and the run grains both read it.</summary>
    public const string MaxTradesPerRunSetting = "XiP:Runs:MaxTradesPerRun";

    /// <summary>
    /// The most trades one run may price unless <see cref="MaxTradesPerRunSetting"/> says otherwise: the gateway refuses a
    /// longer <c>tradeIds</c> list, a run grain a larger portfolio.
    /// </summary>
    public const int MaxTradesPerRun = 1_000_000;

    /// <summary>The most measures one request (<c>POST /v1/price</c>, <c>POST /v1/runs</c>) may list.</summary>
    public const int MaxMeasuresPerRequest = 100;

    /// <summary>Results per page of <c>GET /v1/runs/{runId}/results</c> when <c>limit</c> is not given.</summary>
    public const int DefaultResultPageSize = 1_000;

    /// <summary>The largest <c>limit</c> of <c>GET /v1/runs/{runId}/results</c>; the result store never pages more.</summary>
    public const int MaxResultPageSize = 10_000;

    /// <summary>The earliest date any body may hold (valuation, expiry, schedule, pillar and shift dates alike).</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    /// <summary>The latest date any body may hold: schedules and curves stay far inside what dates can represent.</summary>
    public static readonly DateOnly LatestDate = new(2200, 12, 31);

    /// <summary>The longest curve-instrument tenor, in years; in other units the same span (1200M, 5218W, 36525D).</summary>
    public const int MaxTenorYears = 100;

    /// <summary>
    /// The longest term of a swap (start to maturity) or bond (issue to maturity), in years: a schedule has at most
    /// 100 × 12 periods per leg, so a book's memory and a run's work per trade stay bounded.
    /// </summary>
    public const int MaxTermYears = 100;

    /// <summary>The largest price a body may quote: strikes and spots (positive, at most this).</summary>
    public const double MaxPrice = 1e12;

    /// <summary>The largest notional or face value.</summary>
    public const double MaxAmount = 1e15;

    /// <summary>The largest quantity, long or short (|quantity| at most this).</summary>
    public const double MaxQuantity = 1e12;
}
