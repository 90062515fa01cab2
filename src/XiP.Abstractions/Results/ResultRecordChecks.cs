using System.Diagnostics.CodeAnalysis;

namespace XiP.Abstractions.Results;

/// <summary>What every store requires of a record before it writes any of a batch.</summary>
public static class ResultRecordChecks
{
    /// <exception cref="ArgumentException">The record is null, has an empty run id, trade id or measure, or a null book.</exception>
    public static void Validate([NotNull] ResultRecord? record, int index, string paramName)
    {
        if (record is null)
        {
            throw new ArgumentException($"Record {index} is null.", paramName);
        }

        if (string.IsNullOrEmpty(record.RunId) || string.IsNullOrEmpty(record.TradeId) || string.IsNullOrEmpty(record.Measure) || record.Book is null)
        {
            throw new ArgumentException(
                $"Record {index} ({record.RunId}/{record.TradeId}/{record.Measure}) needs a run id, a trade id and a measure that are not empty, and a book that is not null.",
                paramName);
        }
    }
}
