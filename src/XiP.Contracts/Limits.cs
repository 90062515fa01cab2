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
}
