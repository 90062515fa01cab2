using System.Text.RegularExpressions;
using Orleans;
using Orleans.Runtime;

namespace XiP.Persistence.Sqlite;

/// <summary>
/// Validates <see cref="SqliteGrainStorageOptions"/> at silo start, failing with an
/// <see cref="OrleansConfigurationException"/> that names the provider and the offending option.
/// </summary>
public sealed partial class SqliteGrainStorageOptionsValidator : IConfigurationValidator
{
    private readonly SqliteGrainStorageOptions _options;
    private readonly string _name;

    /// <summary>Creates a validator for the provider named <paramref name="name"/>.</summary>
    public SqliteGrainStorageOptionsValidator(SqliteGrainStorageOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(name);
        _options = options;
        _name = name;
    }

    /// <inheritdoc />
    /// <exception cref="OrleansConfigurationException">An option is missing or out of range.</exception>
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(_options.DataSource))
        {
            throw Invalid(nameof(SqliteGrainStorageOptions.DataSource), "is required: set it to the path of the SQLite database file.");
        }

        if (string.Equals(_options.DataSource.Trim(), ":memory:", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(nameof(SqliteGrainStorageOptions.DataSource), "must be a file path; in-memory databases are not supported.");
        }

        if (string.IsNullOrEmpty(_options.TableName)
            || !IdentifierPattern().IsMatch(_options.TableName)
            || _options.TableName.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(
                nameof(SqliteGrainStorageOptions.TableName),
                $"'{_options.TableName}' is not a valid table name (letters, digits and '_', not starting with a digit or the reserved prefix 'sqlite_').");
        }

        if (_options.BusyTimeout <= TimeSpan.Zero || _options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw Invalid(nameof(SqliteGrainStorageOptions.BusyTimeout), $"must be positive and at most {int.MaxValue} ms; was {_options.BusyTimeout}.");
        }
    }

    private OrleansConfigurationException Invalid(string option, string problem) =>
        new($"Configuration for SQLite grain storage provider '{_name}' is invalid: {nameof(SqliteGrainStorageOptions)}.{option} {problem}");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
