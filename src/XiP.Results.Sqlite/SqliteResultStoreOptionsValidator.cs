using Microsoft.Extensions.Options;

namespace XiP.Results.Sqlite;

/// <summary>
/// Validates <see cref="SqliteResultStoreOptions"/>; every failure names the offending option
/// (<c>SqliteResultStoreOptions.DataSource ...</c>). Registered by <c>AddSqliteResultStore</c> with
/// validation at host start, and run again by the <see cref="SqliteBlockStore"/> constructor.
/// </summary>
public sealed class SqliteResultStoreOptionsValidator : IValidateOptions<SqliteResultStoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SqliteResultStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            failures.Add(Invalid(nameof(SqliteResultStoreOptions.DataSource), "is required: set it to the path of the SQLite database file."));
        }
        else if (string.Equals(options.DataSource.Trim(), ":memory:", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add(Invalid(nameof(SqliteResultStoreOptions.DataSource), "must be a file path; in-memory databases are not supported."));
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add(Invalid(nameof(SqliteResultStoreOptions.BusyTimeout), $"must be positive and at most {int.MaxValue} ms; was {options.BusyTimeout}."));
        }


        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws when <paramref name="options"/> are invalid.</summary>
    /// <exception cref="OptionsValidationException">An option is missing or out of range; the message names it.</exception>
    public static void ThrowIfInvalid(SqliteResultStoreOptions options)
    {
        var result = new SqliteResultStoreOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SqliteResultStoreOptions), result.Failures);
        }
    }

    private static string Invalid(string option, string problem) => $"{nameof(SqliteResultStoreOptions)}.{option} {problem}";
}
