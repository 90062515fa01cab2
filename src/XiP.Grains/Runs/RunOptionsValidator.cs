using Microsoft.Extensions.Options;

namespace XiP.Grains.Runs;

/// <summary>Refuses run settings no run could work with, naming the key to fix, so a silo does not start on them.</summary>
public sealed class RunOptionsValidator : IValidateOptions<RunOptions>
{
    public ValidateOptionsResult Validate(string? name, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ValuationsPerBatch is < 1 or > RunOptions.MaxValuationsPerBatch)
        {
            failures.Add($"{RunOptions.SectionName}:ValuationsPerBatch must be between 1 and {RunOptions.MaxValuationsPerBatch}.");
        }

        if (options.MaxValuationsPerRun < 1)
        {
            failures.Add($"{RunOptions.SectionName}:MaxValuationsPerRun must be positive; it is {options.MaxValuationsPerRun}.");
        }

        if (options.RetentionDays is <= 0)
        {
            failures.Add($"{RunOptions.SectionName}:RetentionDays must be a positive number of days (leave it out to keep runs for ever); it is {options.RetentionDays}.");
        }

        if (options.RetentionInterval <= TimeSpan.Zero)
        {
            failures.Add($"{RunOptions.SectionName}:RetentionInterval must be positive; it is {options.RetentionInterval}.");
        }

        if (options.StoreOutageTolerance < TimeSpan.Zero || options.MaxRetryDelay <= TimeSpan.Zero)
        {
            failures.Add($"{RunOptions.SectionName}:StoreOutageTolerance must not be negative and MaxRetryDelay must be positive; they are {options.StoreOutageTolerance} and {options.MaxRetryDelay}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
