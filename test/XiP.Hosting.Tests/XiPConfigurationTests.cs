using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using XiP.Hosting;

namespace XiP.Hosting.Tests;

/// <summary>Hosts refuse to start on configuration no provider answers to, naming the key to fix.</summary>
public sealed class XiPConfigurationTests
{
    private const string Connection = "Host=127.0.0.1;Port=5432;Database=xip;Username=xip;Password=x";

    [Theory]
    [InlineData("XiP:Clustering", "postgres")]
    [InlineData("XiP:Clustering", "kubernetes")]
    [InlineData("XiP:GrainStorage", "postgres")]
    [InlineData("XiP:Results", "postgres")]
    public void A_postgres_provider_without_a_connection_string_names_ConnectionStrings_Postgres(string key, string value)
    {
        var exception = Assert.Throws<XiPConfigurationException>(() => XiPConfiguration.Read(Configuration((key, value))));

        Assert.Equal("ConnectionStrings:Postgres", exception.Key);
        Assert.Contains($"{key} is '{value}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_that_Npgsql_cannot_read_is_refused()
    {
        var exception = Assert.Throws<XiPConfigurationException>(
            () => XiPConfiguration.Read(Configuration(("XiP:Results", "postgres"), ("ConnectionStrings:Postgres", "Host=h;NoSuchKeyword=1"))));

        Assert.Equal("ConnectionStrings:Postgres", exception.Key);
    }

    [Theory]
    [InlineData("XiP:Clustering", "consul")]
    [InlineData("XiP:GrainStorage", "redis")]
    [InlineData("XiP:Results", "")]
    [InlineData("XiP:Results", "sql server")]
    public void An_unknown_provider_names_its_key_and_the_choices(string key, string value)
    {
        var exception = Assert.Throws<XiPConfigurationException>(() => XiPConfiguration.Read(Configuration((key, value), ("ConnectionStrings:Postgres", Connection))));

        Assert.Equal(key, exception.Key);
        Assert.Contains("'postgres'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_advertised_address_that_is_not_an_IP_is_refused()
    {
        var exception = Assert.Throws<XiPConfigurationException>(() => XiPConfiguration.Read(Configuration(("XiP:AdvertisedAddress", "silo-1.local"))));

        Assert.Equal("XiP:AdvertisedAddress", exception.Key);
    }

    [Fact]
    public void Values_are_trimmed_and_case_insensitive_and_the_defaults_need_no_database()
    {
        var defaults = XiPConfiguration.Read(Configuration());
        var chosen = XiPConfiguration.Read(Configuration(
            ("XiP:Clustering", " Postgres "), ("XiP:GrainStorage", "POSTGRES"), ("XiP:Results", "postgres"),
            ("XiP:AdvertisedAddress", " 10.1.2.3 "), ("ConnectionStrings:Postgres", Connection)));

        Assert.Equal(("localhost", "sqlite", "files", null, null), (defaults.Clustering, defaults.GrainStorage, defaults.Results, defaults.AdvertisedIPAddress, defaults.PostgresConnectionString));
        Assert.Equal(("postgres", "postgres", "postgres", "10.1.2.3", Connection), (chosen.Clustering, chosen.GrainStorage, chosen.Results, chosen.AdvertisedIPAddress?.ToString(), chosen.PostgresConnectionString));
    }

    [Fact]
    public void Mongo_results_need_a_mongodb_url()
    {
        var missing = Assert.Throws<XiPConfigurationException>(() => XiPConfiguration.Read(Configuration(("XiP:Results", "mongo"))));
        var wrong = Assert.Throws<XiPConfigurationException>(() => XiPConfiguration.Read(Configuration(("XiP:Results", "mongo"), ("ConnectionStrings:Mongo", "Host=127.0.0.1"))));
        var chosen = XiPConfiguration.Read(Configuration(("XiP:Results", "mongo"), ("ConnectionStrings:Mongo", "mongodb://127.0.0.1:27017"), ("XiP:Mongo:Database", "risk")));

        Assert.Equal("ConnectionStrings:Mongo", missing.Key);
        Assert.Equal("ConnectionStrings:Mongo", wrong.Key);
        Assert.Equal(("mongodb://127.0.0.1:27017", "risk"), (chosen.MongoConnectionString, chosen.Mongo.Database));
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();
}
