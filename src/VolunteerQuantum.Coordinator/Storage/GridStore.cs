using VolunteerQuantum.Coordinator.Storage.Backends;
using VolunteerQuantum.Coordinator.Storage.Sets;

namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>
/// The coordinator's records (projects, units, replicas, hosts, accounts, keys, counters) over a
/// backend: an embedded LiteDB file by default, or a PostgreSQL database several coordinators
/// share. Every change that touches several records runs in <see cref="Transaction"/>, under
/// <see cref="Gate"/>, so a crash never leaves half a change and concurrent calls never interleave
/// inside one. Beside the records it keeps two caches the request path reads instead of the store
/// (<see cref="OpenUnits"/>, <see cref="Leases"/>); on a shared database each transaction first
/// brings them up to date with what the other coordinators wrote.
/// </summary>
public sealed class GridStore : IDisposable
{
    private readonly IStoreBackend _backend;
    private readonly IRecordTable<CounterRecord> _counters;
    private readonly GroupCommit _commits;
    private long _cachedGeneration = -1;
    private int _disposed;

    /// <summary>The embedded store: a LiteDB file in <paramref name="dataDirectory"/>.</summary>
    public GridStore(string dataDirectory)
        : this(new LiteBackend(dataDirectory))
    {
    }

    public GridStore(IStoreBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        _backend = backend;
        Projects = new ProjectRecords(backend.Table(StoreTables.Projects));
        Units = new UnitRecords(backend.Table(StoreTables.Units));
        Replicas = new ReplicaRecords(backend.Table(StoreTables.Replicas));
        Hosts = new HostRecords(backend.Table(StoreTables.Hosts));
        Accounts = new AccountRecords(backend.Table(StoreTables.Accounts));
        Credentials = new CredentialRecords(backend.Table(StoreTables.Credentials));
        _counters = backend.Table(StoreTables.Counters);
        _commits = new GroupCommit(backend, Gate, FollowChanges);
        // The first transaction builds the caches (inside it, so no other coordinator writes between the reads).
        Transaction(() => { });
    }

    /// <summary>
    /// The store the options name: PostgreSQL when <see cref="CoordinatorOptions.Database"/> is a
    /// connection string, else the LiteDB file in the data directory.
    /// </summary>
    public static GridStore Open(CoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Database)
            ? new GridStore(options.DataDirectory)
            : new GridStore(new PostgresBackend(options.Database));
    }

    public string Description => _backend.Description;

    /// <summary>Whether other coordinators share these records.</summary>
    public bool IsShared => _backend.IsShared;

    public ProjectRecords Projects { get; }

    public UnitRecords Units { get; }

    public ReplicaRecords Replicas { get; }

    public HostRecords Hosts { get; }

    public AccountRecords Accounts { get; }

    public CredentialRecords Credentials { get; }

    /// <summary>Units wanting replicas, in serving order (an in-memory mirror of the units).</summary>
    public OpenUnitIndex OpenUnits { get; } = new();

    /// <summary>Wanted leases, for heartbeats that read nothing (a cache kept in step with the store's writes).</summary>
    public LiveLeases Leases { get; } = new();

    /// <summary>Serialises this process's read-modify-writes of the store (and every use of <see cref="OpenUnits"/>).</summary>
    public Lock Gate { get; } = new();

    /// <summary>Raised (under the gate) when a transaction found records another coordinator changed.</summary>
    public event Action? ChangedElsewhere;

    /// <summary>Whether this coordinator runs the named pipeline service now (see <see cref="IStoreBackend.HoldsLease"/>).</summary>
    public bool HoldsLease(string name)
    {
        var holds = _backend.HoldsLease(name);
        if (holds ? _leasesHeld.TryAdd(name, 0) : _leasesHeld.TryRemove(name, out _))
        {
            LeaseChanged?.Invoke(name, holds);
        }
        return holds;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _leasesHeld = new(StringComparer.Ordinal);

    /// <summary>The pipeline services this coordinator runs now.</summary>
    public IReadOnlyCollection<string> LeasesHeld => [.. _leasesHeld.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Raised when this coordinator takes up (true) or loses (false) a pipeline service.</summary>
    public event Action<string, bool>? LeaseChanged;

    /// <summary>Stores a changed unit and keeps <see cref="OpenUnits"/> and <see cref="Leases"/> in step; call inside a transaction.</summary>
    public void SaveUnit(UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        Units.Table.Update(unit);
        OpenUnits.Sync(unit);
        Leases.UnitChanged(unit);
    }

    /// <summary>
    /// Stores a replica whose lease was only renewed (its expiry and progress): what <see cref="Leases"/>
    /// knows of it stays true, so ordinary heartbeats keep reading nothing. Call inside a transaction.
    /// </summary>
    public void SaveRenewal(ReplicaRecord replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        Replicas.Table.Update(replica);
    }

    /// <summary>Stores a changed replica, forgetting what <see cref="Leases"/> knew of it; call inside a transaction.</summary>
    public void SaveReplica(ReplicaRecord replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        Replicas.Table.Update(replica);
        Leases.Forget(replica.Id);
    }

    /// <summary>Stores new units and queues them; call inside a transaction.</summary>
    public void InsertUnits(IReadOnlyCollection<UnitRecord> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        Units.Table.InsertMany(units);
        foreach (var unit in units)
        {
            OpenUnits.Sync(unit);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> under the gate in one transaction: all of it is stored, or none,
    /// and it has been stored when this returns. Transactions of several threads are committed
    /// together (<see cref="GroupCommit"/>); a work may therefore run twice, so it only reads and
    /// writes the store and its caches. A full or unwritable store throws
    /// <see cref="StorageUnavailableException"/>.
    /// </summary>
    public T Transaction<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _commits.Run(work);
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

    /// <summary>Brings the caches up to date: rebuilt after a fault or rollback, else what other coordinators changed.</summary>
    private void FollowChanges()
    {
        if (_cachedGeneration != _backend.Generation)
        {
            RebuildCaches();
            return;
        }
        if (!_backend.IsShared)
        {
            return;
        }
        var units = Units.Table.ChangedElsewhere();
        var replicas = Replicas.Table.ChangedElsewhere();
        foreach (var unit in units)
        {
            OpenUnits.Sync(unit);
            Leases.UnitChanged(unit);
        }
        foreach (var replica in replicas)
        {
            Leases.Forget(replica.Id);
        }
        if (units.Count + replicas.Count > 0)
        {
            ChangedElsewhere?.Invoke();
        }
    }

    private void RebuildCaches()
    {
        var generation = _backend.Generation;
        OpenUnits.Rebuild(Units.WantingReplicas());
        Leases.Clear();
        if (_backend.IsShared)
        {
            // What other coordinators wrote before now is in the rebuilt index.
            Units.Table.ChangedElsewhere();
            Replicas.Table.ChangedElsewhere();
        }
        _cachedGeneration = generation;
    }

    /// <summary>Adds to a persistent counter; call inside a transaction.</summary>
    public void Increment(string counter, long by = 1)
    {
        var record = _counters.Find(counter) ?? new CounterRecord { Id = counter };
        record.Value += by;
        _counters.Upsert(record);
    }

    public long Counter(string counter) => _counters.Find(counter)?.Value ?? 0;

    /// <summary>
    /// Whether any record names this blob: a project's circuit, plan, shards, program, result or
    /// state, a unit's input or program, a replica's state. Blobs are content-addressed, so two
    /// records may share one; a blob is deleted only when none does. Call under <see cref="Gate"/>.
    /// </summary>
    public bool ReferencesBlob(string sha256) =>
        Projects.AnyReferencing(sha256) || Units.AnyReferencing(sha256) || Replicas.AnyReferencing(sha256);

    /// <summary>Closes the store once the transactions queued are committed and none is running.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _commits.Dispose();
        lock (Gate)
        {
            _backend.Dispose();
        }
    }
}
