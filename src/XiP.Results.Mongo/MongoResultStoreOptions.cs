namespace XiP.Results.Mongo;

/// <summary>
/// Options for <see cref="MongoBlockStore"/>, the result store of a cluster: every run's results in one
/// collection of a MongoDB database.
/// </summary>
public sealed class MongoResultStoreOptions
{
    /// <summary>
    /// The MongoDB connection string, a <c>mongodb://</c> or <c>mongodb+srv://</c> URL. Required. Its
    /// options (write concern, timeouts, TLS, credentials) apply to every operation of the store. A
    /// database in its path is only the default authentication database, as in any MongoDB URL; the results
    /// go to <see cref="DatabaseName"/>. In XiP hosts it comes from <c>ConnectionStrings:Mongo</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database that holds the result collection. Defaults to <c>xip</c> (in XiP hosts, <c>XiP:Mongo:Database</c>).</summary>
    public string DatabaseName { get; set; } = "xip";

    /// <summary>The run block collection, created with its index when missing. Defaults to <c>run_blocks</c>.</summary>
    public string CollectionName { get; set; } = "run_blocks";

    /// <summary>The collection of the format before block storage; a store that finds results in it refuses to start. Defaults to <c>run_results</c>.</summary>
    public string LegacyCollectionName { get; set; } = "run_results";
}
