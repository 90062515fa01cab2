using XiP.Contracts;

namespace XiP.Gateway;

/// <summary>
/// What the gateway checks of a run before the run grains do, read from the grains' own settings so that the two cannot
/// disagree: <see cref="Limits.MaxTradesPerRunSetting"/> (<c>XiP:Runs:MaxTradesPerRun</c>), with the contract's default.
/// </summary>
public sealed class RunLimitOptions
{
    /// <summary>The most trade ids one run may list (<c>tradeIds</c> of <c>POST /v1/runs</c>).</summary>
    public int MaxTradesPerRun { get; set; } = Limits.MaxTradesPerRun;

    public static void Bind(RunLimitOptions options, IConfiguration configuration) =>
        options.MaxTradesPerRun = configuration.GetValue(Limits.MaxTradesPerRunSetting, Limits.MaxTradesPerRun);
}
