using System.Data.Common;
using Orleans.Runtime;
using XiP.Abstractions;
using XiP.Hosting;

namespace XiP.Hosting.Tests;

/// <summary>The silo tells a store failing under a grain call (which becomes a 503 at the gateway) from a fault of the call (a 500).</summary>
public sealed class StorageFailuresTests
{
    [Fact]
    public void A_database_exception_is_found_however_deep_it_is_wrapped()
    {
        var driver = new FakeDbException("sorry, too many clients already");

        Assert.Same(driver, StorageFailures.Find(driver));
        Assert.Same(driver, StorageFailures.Find(new OrleansException("Error from storage provider during WriteStateAsync", driver)));
        Assert.Same(driver, StorageFailures.Find(new InvalidOperationException("outer", new AggregateException(new ArgumentException("first"), driver))));
    }

    [Fact]
    public void Other_faults_and_an_already_translated_failure_are_left_alone()
    {
        Assert.Null(StorageFailures.Find(new InvalidOperationException("a bug")));
        Assert.Null(StorageFailures.Find(new ArgumentException("bad", new NullReferenceException())));
        Assert.Null(StorageFailures.Find(new StorageUnavailableException("already said", new FakeDbException("inner"))));
    }

    private sealed class FakeDbException(string message) : DbException(message);
}
