using Microsoft.Extensions.Options;
using Npgsql;

namespace XiP.Results.Postgres;

/// <summary>
/// Validates <see cref="PostgresResultStoreOptions"/>; every failure names the offending option
/// (<c>PostgresResultStoreOptions.ConnectionString ...</c>). Registered by <c>AddPostgresResultStore</c>
/// with validation at host start, and run again by the <see cref="PostgresBlockStore"/> constructor.
/// </summary>
public sealed class PostgresResultStoreOptionsValidator : IValidateOptions<PostgresResultStoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PostgresResultStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Option = $"{nameof(PostgresResultStoreOptions)}.{nameof(PostgresResultStoreOptions.ConnectionString)}";
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{Option} is required: set it to an Npgsql connection string (Host=…;Database=…;Username=…;Password=…).");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"{Option} is not an Npgsql connection string: {exception.Message}");
        }

        if (options.MaxConnections is < 1 or > 1000)
        {
            return ValidateOptionsResult.Fail($"{nameof(PostgresResultStoreOptions)}.{nameof(PostgresResultStoreOptions.MaxConnections)} must be between 1 and 1000; was {options.MaxConnections}.");
        }

        return ValidateOptionsResult.Success;
    }

    /// <summary>Throws when <paramref name="options"/> are invalid.</summary>
    /// <exception cref="OptionsValidationException">The connection string is missing or malformed; the message names the option.</exception>
    public static void ThrowIfInvalid(PostgresResultStoreOptions options)
    {
        var result = new PostgresResultStoreOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgresResultStoreOptions), result.Failures);
        }
    }
}
