using LiteDB;
using Npgsql;
using NpgsqlTypes;

namespace VolunteerQuantum.Coordinator.Storage.Backends;

/// <summary>
/// A table of the shared store: each row a record's BSON document, a column per indexed field,
/// the blobs it names (a GIN-indexed array) and, where changes are followed, the change sequence
/// and the writing process. Results are read whole before they are returned, so callers may query
/// again while going through them.
/// </summary>
internal sealed class PostgresRecordTable<T>(PostgresBackend backend, TableSpec<T> spec) : IRecordTable<T>
    where T : class
{
    private readonly string _columns = string.Join(", ", spec.Fields.Select(f => f.Column));
    private long _changesSeen = -1;

    private bool HasBlobs => spec.Blobs.Count > 0;

    private string WriteColumns =>
        "id, doc" + (spec.Fields.Count > 0 ? ", " + _columns : "") + (HasBlobs ? ", blobs" : "") + (spec.TracksChanges ? ", writer" : "");

    private string WriteValues
    {
        get
        {
            var count = 2 + spec.Fields.Count + (HasBlobs ? 1 : 0) + (spec.TracksChanges ? 1 : 0);
            return string.Join(", ", Enumerable.Range(1, count).Select(i => "$" + i));
        }
    }

    private string UpdateSet =>
        string.Join(", ", WriteColumns.Split(", ").Skip(1).Select(c => $"{c} = excluded.{c}"))
        + (spec.TracksChanges ? ", change_seq = nextval('vq_changes')" : "");

    private void Bind(NpgsqlCommand command, T record)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = spec.Id(record) });
        command.Parameters.Add(new NpgsqlParameter { Value = BsonSerializer.Serialize(backend.Mapper.ToDocument(record)), NpgsqlDbType = NpgsqlDbType.Bytea });
        foreach (var field in spec.Fields)
        {
            command.Parameters.Add(Parameter(field.Value(record)));
        }
        if (HasBlobs)
        {
            var blobs = spec.Blobs.Select(b => b.Value(record) as string).Where(b => !string.IsNullOrEmpty(b)).Distinct().ToArray();
            command.Parameters.Add(new NpgsqlParameter { Value = blobs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }
        if (spec.TracksChanges)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = backend.Writer });
        }
    }

    private static NpgsqlParameter Parameter(object? value) => FieldValues.Normalize(value) switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        DateTime d => new NpgsqlParameter { Value = DateTime.SpecifyKind(d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d, DateTimeKind.Utc), NpgsqlDbType = NpgsqlDbType.TimestampTz },
        var other => new NpgsqlParameter { Value = other },
    };

    private T Read(byte[] document) => backend.Mapper.ToObject<T>(BsonSerializer.Deserialize(document));

    private List<T> Query(string where, IReadOnlyList<object?> values, string tail = "") => backend.Run(command =>
    {
        command.CommandText = $"SELECT doc FROM {spec.Name}{(where.Length > 0 ? " WHERE " + where : "")}{tail}";
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }
        var found = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            found.Add(Read(reader.GetFieldValue<byte[]>(0)));
        }
        return found;
    }, writes: false);

    private long Scalar(string sql, IReadOnlyList<object?> values) => backend.Run(command =>
    {
        command.CommandText = sql;
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }, writes: false);

    private int Write(string sql, T record) => backend.Run(command =>
    {
        command.CommandText = sql;
        Bind(command, record);
        return command.ExecuteNonQuery();
    }, writes: true);

    public T? Find(string id) => Query("id = $1", [id]) is [var found] ? found : null;

    public void Insert(T record) => Write($"INSERT INTO {spec.Name} ({WriteColumns}) VALUES ({WriteValues})", record);

    public void InsertMany(IReadOnlyCollection<T> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        // One statement per batch rather than per record: a project's units arrive together.
        backend.Run(command =>
        {
            using var batch = new NpgsqlBatch(command.Connection, command.Transaction);
            foreach (var record in records)
            {
                var insert = new NpgsqlBatchCommand($"INSERT INTO {spec.Name} ({WriteColumns}) VALUES ({WriteValues})");
                using var scratch = new NpgsqlCommand();
                Bind(scratch, record);
                foreach (var parameter in scratch.Parameters.ToList())
                {
                    scratch.Parameters.Remove(parameter);
                    insert.Parameters.Add(parameter);
                }
                batch.BatchCommands.Add(insert);
                if (batch.BatchCommands.Count >= 500)
                {
                    batch.ExecuteNonQuery();
                    batch.BatchCommands.Clear();
                }
            }
            if (batch.BatchCommands.Count > 0)
            {
                batch.ExecuteNonQuery();
            }
            return 0;
        }, writes: true);
    }

    public bool Update(T record)
    {
        var columns = WriteColumns.Split(", ");
        var set = string.Join(", ", columns.Skip(1).Select((c, i) => $"{c} = ${i + 2}"))
            + (spec.TracksChanges ? ", change_seq = nextval('vq_changes')" : "");
        return Write($"UPDATE {spec.Name} SET {set} WHERE id = $1", record) > 0;
    }

    public void Upsert(T record) =>
        Write($"INSERT INTO {spec.Name} ({WriteColumns}) VALUES ({WriteValues}) ON CONFLICT (id) DO UPDATE SET {UpdateSet}", record);

    public IEnumerable<T> All() => Query("", []);

    public IEnumerable<T> Where(RecordField<T> field, object value, int limit = int.MaxValue) =>
        Query($"{field.Column} = $1", [value], limit == int.MaxValue ? "" : $" LIMIT {limit}");

    public IReadOnlyList<T> Largest(RecordField<T> orderBy, int limit, RecordField<T>? field = null, object? value = null) =>
        field is null
            ? Query("", [], $" ORDER BY {orderBy.Column} DESC LIMIT {limit}")
            : Query($"{field.Column} = $1", [value], $" ORDER BY {orderBy.Column} DESC LIMIT {limit}");

    public int Count(RecordField<T>? field = null, object? value = null) => (int)(field is null
        ? Scalar($"SELECT count(*) FROM {spec.Name}", [])
        : Scalar($"SELECT count(*) FROM {spec.Name} WHERE {field.Column} = $1", [value]));

    public bool Any(RecordField<T> field, object value) =>
        Scalar($"SELECT count(*) FROM (SELECT 1 FROM {spec.Name} WHERE {field.Column} = $1 LIMIT 1) AS found", [value]) > 0;

    public IReadOnlyDictionary<TValue, int> CountBy<TValue>(RecordField<T> field) where TValue : struct, Enum => backend.Run(command =>
    {
        command.CommandText = $"SELECT {field.Column}, count(*) FROM {spec.Name} GROUP BY {field.Column}";
        var counts = new Dictionary<TValue, int>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!reader.IsDBNull(0) && Enum.TryParse<TValue>(reader.GetString(0), out var value))
            {
                counts[value] = (int)reader.GetInt64(1);
            }
        }
        return (IReadOnlyDictionary<TValue, int>)counts;
    }, writes: false);

    public bool AnyReferencing(string blob) =>
        HasBlobs && backend.Run(command =>
        {
            command.CommandText = $"SELECT EXISTS (SELECT 1 FROM {spec.Name} WHERE blobs @> $1)";
            command.Parameters.Add(new NpgsqlParameter { Value = new[] { blob }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            return command.ExecuteScalar() is true;
        }, writes: false);

    public IReadOnlyList<T> ChangedElsewhere()
    {
        if (!spec.TracksChanges)
        {
            return [];
        }
        return backend.Run(command =>
        {
            if (_changesSeen < 0)
            {
                // Everything before now is what the caller has just read.
                command.CommandText = $"SELECT coalesce(max(change_seq), 0) FROM {spec.Name}";
                _changesSeen = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                return (IReadOnlyList<T>)[];
            }
            command.CommandText = $"SELECT change_seq, CASE WHEN writer = $2 THEN NULL ELSE doc END FROM {spec.Name} WHERE change_seq > $1 ORDER BY change_seq";
            command.Parameters.Add(new NpgsqlParameter { Value = _changesSeen });
            command.Parameters.Add(new NpgsqlParameter { Value = backend.Writer });
            var changed = new List<T>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                _changesSeen = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    changed.Add(Read(reader.GetFieldValue<byte[]>(1)));
                }
            }
            return changed;
        }, writes: false);
    }
}
