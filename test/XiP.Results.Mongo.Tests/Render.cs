using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace XiP.Results.Mongo.Tests;

/// <summary>Renders driver definitions to the documents the driver sends.</summary>
internal static class Render
{
    private static RenderArgs<BsonDocument> Args => new(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry);

    public static BsonDocument Filter(FilterDefinition<BsonDocument> filter) => filter.Render(Args);

    public static BsonDocument Keys(IndexKeysDefinition<BsonDocument> keys) => keys.Render(Args);
}
