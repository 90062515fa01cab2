using System.Data.Common;
using XiP.Abstractions;

namespace XiP.Grains.Runs;

/// <summary>
/// Which failures are a store being down rather than a fault of the work: a run waits those out (up to
/// <see cref="RunOptions.StoreOutageTolerance"/>) instead of spending a batch's attempts on them, since every attempt
/// made while the database restarts fails the same way.
/// </summary>
public static class StoreOutages
{
    /// <summary>
    /// True when <paramref name="exception"/> or one inside it is <see cref="StorageUnavailableException"/> (what a silo
    /// makes of a driver's failure under a grain call) or a database driver's own exception (this grain's own store calls).
    /// </summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StorageUnavailableException or DbException)
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(Is))
            {
                return true;
            }
        }

        return false;
    }
}
