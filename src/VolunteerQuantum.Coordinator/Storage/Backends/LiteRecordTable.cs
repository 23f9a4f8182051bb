using LiteDB;

namespace VolunteerQuantum.Coordinator.Storage.Backends;

/// <summary>A table of the embedded store: a LiteDB collection with an index on each field.</summary>
internal sealed class LiteRecordTable<T>(LiteBackend backend, TableSpec<T> spec) : IRecordTable<T>
    where T : class
{
    private ILiteCollection<T> Collection => backend.Database.GetCollection<T>(spec.Name);

    public void EnsureIndexes()
    {
        var database = backend.Database;
        var collection = database.GetCollection<T>(spec.Name);
        foreach (var field in spec.Fields)
        {
            collection.EnsureIndex(field.Name, "$." + field.Name);
        }
        // Indexes an older version made that nothing selects on any more: each costs on every write.
        var wanted = spec.Fields.Select(f => f.Name).Append("_id").ToHashSet(StringComparer.Ordinal);
        var stale = database.GetCollection("$indexes").Find(Query.EQ("collection", spec.Name))
            .Select(i => i["name"].AsString).Where(name => !wanted.Contains(name)).ToList();
        foreach (var name in stale)
        {
            collection.DropIndex(name);
        }
    }

    private BsonValue Key(object? value) => FieldValues.Normalize(value) switch
    {
        null => BsonValue.Null,
        string s => new BsonValue(s),
        bool b => new BsonValue(b),
        long l => new BsonValue(l),
        DateTime d => new BsonValue(d),
        var other => throw new ArgumentException($"a {other.GetType().Name} is not a key of table {spec.Name}", nameof(value)),
    };

    // The same text each time, the value a parameter: LiteDB parses and compiles an expression once
    // per distinct text, and a value spelled into the text made every query a new one.
    private BsonExpression Equal(RecordField<T> field, object value) => BsonExpression.Create($"$.{field.Name} = @0", Key(value));

    public T? Find(string id) => Collection.FindById(id);

    public void Insert(T record) => Collection.Insert(record);

    public void InsertMany(IReadOnlyCollection<T> records) => Collection.InsertBulk(records);

    public bool Update(T record) => Collection.Update(record);

    public void Upsert(T record) => Collection.Upsert(record);

    public IEnumerable<T> All() => Collection.FindAll();

    public IEnumerable<T> Where(RecordField<T> field, object value, int limit = int.MaxValue) =>
        Collection.Find(Equal(field, value), limit: limit);

    public IReadOnlyList<T> Largest(RecordField<T> orderBy, int limit, RecordField<T>? field = null, object? value = null)
    {
        var query = Collection.Query();
        if (field is not null)
        {
            query = query.Where(Equal(field, value!));
        }
        return query.OrderByDescending(BsonExpression.Create("$." + orderBy.Name)).Limit(limit).ToList();
    }

    public int Count(RecordField<T>? field = null, object? value = null) =>
        field is null ? Collection.Count() : Collection.Count(Equal(field, value!));

    public bool Any(RecordField<T> field, object value) => Collection.Exists(Equal(field, value));

    // One text for every blob field, one parameter: "$.A = @0 OR $.B = @0".
    private readonly string _referencing = string.Join(" OR ", spec.Blobs.Select(f => $"$.{f.Name} = @0"));

    public bool AnyReferencing(string blob) =>
        _referencing.Length > 0 && Collection.Exists(BsonExpression.Create(_referencing, new BsonValue(blob)));

    public IReadOnlyDictionary<TValue, int> CountBy<TValue>(RecordField<T> field) where TValue : struct, Enum =>
        Enum.GetValues<TValue>()
            .Select(v => (Value: v, Count: Collection.Count(Equal(field, v))))
            .Where(c => c.Count > 0)
            .ToDictionary(c => c.Value, c => c.Count);

    public IReadOnlyList<T> ChangedElsewhere() => [];
}
