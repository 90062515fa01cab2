using System.Text;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace XiP.Results.Mongo;

/// <summary>
/// Validates <see cref="MongoResultStoreOptions"/>; every failure names the offending option
/// (<c>MongoResultStoreOptions.ConnectionString ...</c>). Registered by <c>AddMongoResultStore</c> with
/// validation at host start, and run again by the <see cref="MongoBlockStore"/> constructor.
/// </summary>
/// <remarks>Messages quote the driver's parse error, which hides the credentials of the connection string.</remarks>
public sealed class MongoResultStoreOptionsValidator : IValidateOptions<MongoResultStoreOptions>
{
    // MongoDB's limits: database names below 64 bytes without these characters; namespaces up to 255 bytes.
    private const int MaxDatabaseNameBytes = 63;
    private const int MaxNamespaceBytes = 255;
    private static readonly char[] DatabaseNameForbidden = ['/', '\\', '.', ' ', '"', '$', '*', '<', '>', ':', '|', '?', '\0'];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MongoResultStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(Invalid(nameof(MongoResultStoreOptions.ConnectionString), "is required: set it to a mongodb:// or mongodb+srv:// URL (in XiP hosts, ConnectionStrings:Mongo)."));
        }
        else
        {
            try
            {
                _ = MongoUrl.Create(options.ConnectionString);
            }
            catch (Exception exception) when (exception is MongoConfigurationException or FormatException or ArgumentException)
            {
                failures.Add(Invalid(nameof(MongoResultStoreOptions.ConnectionString), $"is not a valid MongoDB URL: {exception.Message}"));
            }
        }

        if (string.IsNullOrEmpty(options.DatabaseName)
            || options.DatabaseName.IndexOfAny(DatabaseNameForbidden) >= 0
            || Encoding.UTF8.GetByteCount(options.DatabaseName) > MaxDatabaseNameBytes)
        {
            failures.Add(Invalid(
                nameof(MongoResultStoreOptions.DatabaseName),
                $"must be 1 to {MaxDatabaseNameBytes} bytes without spaces or any of / \\ . \" $ * < > : | ?; was '{options.DatabaseName}'."));
        }

        if (string.IsNullOrEmpty(options.CollectionName)
            || options.CollectionName.Contains('$', StringComparison.Ordinal)
            || options.CollectionName.Contains('\0', StringComparison.Ordinal)
            || options.CollectionName.StartsWith("system.", StringComparison.Ordinal))
        {
            failures.Add(Invalid(
                nameof(MongoResultStoreOptions.CollectionName),
                $"must be non-empty, without '$' or NUL, and not start with 'system.'; was '{options.CollectionName}'."));
        }
        else if (Encoding.UTF8.GetByteCount($"{options.DatabaseName}.{options.CollectionName}") > MaxNamespaceBytes)
        {
            failures.Add(Invalid(
                nameof(MongoResultStoreOptions.CollectionName),
                $"makes the namespace '{options.DatabaseName}.{options.CollectionName}' longer than MongoDB's {MaxNamespaceBytes} bytes."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws when <paramref name="options"/> are invalid.</summary>
    /// <exception cref="OptionsValidationException">An option is missing or malformed; the message names it.</exception>
    public static void ThrowIfInvalid(MongoResultStoreOptions options)
    {
        var result = new MongoResultStoreOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MongoResultStoreOptions), result.Failures);
        }
    }

    private static string Invalid(string option, string problem) => $"{nameof(MongoResultStoreOptions)}.{option} {problem}";
}
