using LiteDB;

namespace VolunteerQuantum.Coordinator.Storage.Backends;

/// <summary>How records become documents, for both stores (PostgreSQL keeps the same BSON).</summary>
public static class RecordMapper
{
    public static BsonMapper Create()
    {
        // LiteDB's defaults would trim strings and store "" as null: a counts key or a host name
        // must come back exactly as it went in.
        var mapper = new BsonMapper { EnumAsInteger = false, TrimWhitespace = false, EmptyStringToNull = false };
        // Strategies were stored as lower-case strings before they were an enum: kept that way.
        mapper.RegisterType(
            strategy => new BsonValue(strategy.ToString().ToLowerInvariant()),
            stored => Enum.Parse<Grid.Projects.SlicingStrategy>(stored.AsString, ignoreCase: true));
        return mapper;
    }
}
