using Microsoft.Extensions.Options;

namespace XiP.Results.Mongo.Tests;

public sealed class MongoResultStoreOptionsValidatorTests
{
    private const string Url = "mongodb://127.0.0.1:27017";

    [Theory]
    [InlineData("mongodb://127.0.0.1:27017")]
    [InlineData("mongodb://user:secret@db-0.mongo,db-1.mongo:27018/admin?replicaSet=rs0&w=majority")]
    [InlineData("mongodb+srv://cluster.example.com/?retryWrites=true")]
    public void Valid_options_pass(string connectionString)
    {
        var result = Validate(new MongoResultStoreOptions { ConnectionString = connectionString });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(null, "ConnectionString is required")]
    [InlineData("  ", "ConnectionString is required")]
    [InlineData("http://127.0.0.1:27017", "ConnectionString is not a valid MongoDB URL")]
    [InlineData("mongodb://user:secret@127.0.0.1:27017/?w=sometimes&wtimeoutMS=-", "ConnectionString is not a valid MongoDB URL")]
    public void A_missing_or_malformed_connection_string_is_named(string? connectionString, string expected)
    {
        var result = Validate(new MongoResultStoreOptions { ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains($"MongoResultStoreOptions.{expected}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mongodb://user:hunter2@127.0.0.1:27017/?wtimeoutMS=nope")]
    [InlineData("mongodb://user:hunter2@127.0.0.1:notaport")]
    [InlineData("mongodb://user:hunter2@")]
    public void The_failure_message_does_not_repeat_the_password(string connectionString)
    {
        var result = Validate(new MongoResultStoreOptions { ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains("MongoResultStoreOptions.ConnectionString is not a valid MongoDB URL", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("xip.results")]
    [InlineData("xip results")]
    [InlineData("xip/results")]
    [InlineData("xip$")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void A_bad_database_name_is_named(string databaseName)
    {
        var result = Validate(new MongoResultStoreOptions { ConnectionString = Url, DatabaseName = databaseName });

        Assert.True(result.Failed);
        Assert.Contains("MongoResultStoreOptions.DatabaseName", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("run$results")]
    [InlineData("system.results")]
    [InlineData("run\0results")]
    public void A_bad_collection_name_is_named(string collectionName)
    {
        var result = Validate(new MongoResultStoreOptions { ConnectionString = Url, CollectionName = collectionName });

        Assert.True(result.Failed);
        Assert.Contains("MongoResultStoreOptions.CollectionName", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_namespace_longer_than_255_bytes_is_refused()
    {
        var fits = Validate(new MongoResultStoreOptions { ConnectionString = Url, DatabaseName = "xip", CollectionName = new string('c', 251) });
        var tooLong = Validate(new MongoResultStoreOptions { ConnectionString = Url, DatabaseName = "xip", CollectionName = new string('c', 252) });

        Assert.True(fits.Succeeded, fits.FailureMessage);
        Assert.True(tooLong.Failed);
        Assert.Contains("MongoResultStoreOptions.CollectionName", tooLong.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_constructor_refuses_invalid_options_naming_every_bad_one()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => new MongoBlockStore(new MongoResultStoreOptions { DatabaseName = "a.b" }));

        Assert.Contains("MongoResultStoreOptions.ConnectionString", exception.Message, StringComparison.Ordinal);
        Assert.Contains("MongoResultStoreOptions.DatabaseName", exception.Message, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(MongoResultStoreOptions options) => new MongoResultStoreOptionsValidator().Validate(Options.DefaultName, options);
}
