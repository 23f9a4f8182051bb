namespace VolunteerQuantum.Coordinator.Storage.Backends;

/// <summary>A field a table indexes: its name in the document (LiteDB) and its column (PostgreSQL).</summary>
public sealed class RecordField<T>(string name, string column, Func<T, object?> value)
{
    public string Name { get; } = name;

    public string Column { get; } = column;

    public Func<T, object?> Value { get; } = value;

    public override string ToString() => Name;
}

/// <summary>
/// A table: its name, its id, the fields it indexes, the fields that name blobs (so the blob reaper
/// asks one question per blob), and whether other coordinators' changes to it are followed (units
/// and replicas, which the scheduler's and heartbeats' in-memory caches mirror).
/// </summary>
public sealed class TableSpec<T>(string name, Func<T, string> id, IReadOnlyList<RecordField<T>> fields, IReadOnlyList<RecordField<T>> blobs, bool tracksChanges = false)
    where T : class
{
    public string Name { get; } = name;

    public Func<T, string> Id { get; } = id;

    public IReadOnlyList<RecordField<T>> Fields { get; } = fields;

    public IReadOnlyList<RecordField<T>> Blobs { get; } = blobs;

    public bool TracksChanges { get; } = tracksChanges;

}

public static class FieldValues
{
    /// <summary>
    /// A field's value as both stores compare it: enums by name (as LiteDB stores them here),
    /// integers as 64 bits.
    /// </summary>
    public static object? Normalize(object? value) => value switch
    {
        Enum e => e.ToString(),
        int i => (long)i,
        _ => value,
    };
}
