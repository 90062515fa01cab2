using System.Data.Common;
using MongoDB.Driver;
using XiP.Abstractions;

namespace XiP.Hosting;

/// <summary>
/// Turns a storage failure under a grain call into <see cref="StorageUnavailableException"/> before the answer leaves
/// the silo: a driver's exception (PostgresException, SqliteException, MongoException) may not serialize, or not
/// deserialize on a caller without the driver, and the client would learn nothing but a 500.
/// </summary>
internal sealed class StorageFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (StorageFailures.Find(e) is { } failure)
        {
            throw new StorageUnavailableException($"The store failed: {failure.GetType().Name}: {failure.Message}");
        }
    }
}

/// <summary>Which exceptions are a store failing rather than a fault of the call.</summary>
public static class StorageFailures
{
    /// <summary>The storage failure in <paramref name="exception"/> or its inner exceptions, or null.</summary>
    public static Exception? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StorageUnavailableException)
            {
                return null;
            }

            if (e is DbException or MongoConnectionException or MongoExecutionTimeoutException)
            {
                return e;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(Find).FirstOrDefault(f => f is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
