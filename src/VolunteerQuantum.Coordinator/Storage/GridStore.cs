using LiteDB;

namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>
/// The coordinator's LiteDB file: projects, units, replicas, hosts, accounts, keys and counters. One
/// instance per data directory. Every change that touches several documents runs in
/// <see cref="Transaction"/>, under <see cref="Gate"/>, so a crash never leaves half a change
/// and concurrent calls never interleave inside one.
/// </summary>
public sealed class GridStore : IDisposable
{
    public const string FileName = "coordinator.db";

    private readonly LiteDatabase _db;

    public GridStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        // LiteDB's defaults would trim strings and store "" as null: a counts key or a host name
        // must come back exactly as it went in.
        var mapper = new BsonMapper { EnumAsInteger = false, TrimWhitespace = false, EmptyStringToNull = false };
        _db = new LiteDatabase(new ConnectionString
        {
            Filename = Path.Combine(dataDirectory, FileName),
            Connection = ConnectionType.Direct,
        }, mapper);
        Projects = _db.GetCollection<ProjectRecord>("projects");
        Units = _db.GetCollection<UnitRecord>("units");
        Replicas = _db.GetCollection<ReplicaRecord>("replicas");
        Hosts = _db.GetCollection<HostRecord>("hosts");
        Credentials = _db.GetCollection<CredentialRecord>("keys");
        Accounts = _db.GetCollection<AccountRecord>("accounts");
        Counters = _db.GetCollection<CounterRecord>("counters");
        Units.EnsureIndex(u => u.ProjectId);
        Units.EnsureIndex(u => u.OpenSlots);
        Units.EnsureIndex(u => u.Priority);
        Replicas.EnsureIndex(r => r.UnitId);
        Replicas.EnsureIndex(r => r.HostId);
        Replicas.EnsureIndex(r => r.State);
        Replicas.EnsureIndex(r => r.ProjectId);
        Units.EnsureIndex(u => u.State);
        Projects.EnsureIndex(p => p.State);
        Projects.EnsureIndex(p => p.CreatedUtc);
        RebuildOpenUnits();
    }

    /// <summary>Units wanting replicas, in serving order (an in-memory mirror of the units collection).</summary>
    public OpenUnitIndex OpenUnits { get; } = new();

    /// <summary>Stores a changed unit and keeps <see cref="OpenUnits"/> in step; call inside a transaction.</summary>
    public void SaveUnit(UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        Units.Update(unit);
        OpenUnits.Sync(unit);
    }

    /// <summary>Stores new units and queues them; call inside a transaction.</summary>
    public void InsertUnits(IReadOnlyCollection<UnitRecord> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        Units.InsertBulk(units);
        foreach (var unit in units)
        {
            OpenUnits.Sync(unit);
        }
    }

    private void RebuildOpenUnits() => OpenUnits.Rebuild(Units.Find(u => u.OpenSlots > 0));

    /// <summary>Serialises every read-modify-write of the store (and every use of <see cref="OpenUnits"/>).</summary>
    public Lock Gate { get; } = new();

    public ILiteCollection<ProjectRecord> Projects { get; }

    public ILiteCollection<UnitRecord> Units { get; }

    public ILiteCollection<ReplicaRecord> Replicas { get; }

    public ILiteCollection<HostRecord> Hosts { get; }

    public ILiteCollection<CredentialRecord> Credentials { get; }

    public ILiteCollection<AccountRecord> Accounts { get; }

    public ILiteCollection<CounterRecord> Counters { get; }

    /// <summary>Runs <paramref name="work"/> under the gate in one LiteDB transaction: all of it is stored, or none.</summary>
    public T Transaction<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (Gate)
        {
            _db.BeginTrans();
            try
            {
                var result = work();
                _db.Commit();
                return result;
            }
            catch
            {
                _db.Rollback();
                // The in-memory queue may have seen writes that were just undone.
                RebuildOpenUnits();
                throw;
            }
        }
    }

    public void Transaction(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Transaction(() =>
        {
            work();
            return 0;
        });
    }

    /// <summary>Adds to a persistent counter; call inside a transaction.</summary>
    public void Increment(string counter, long by = 1)
    {
        var record = Counters.FindById(counter) ?? new CounterRecord { Id = counter };
        record.Value += by;
        Counters.Upsert(record);
    }

    public long Counter(string counter) => Counters.FindById(counter)?.Value ?? 0;

    public void Dispose() => _db.Dispose();
}
