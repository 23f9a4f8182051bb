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

    private readonly string _directory;
    private readonly BsonMapper _mapper;
    private LiteDatabase _db = null!;
    private bool _faulted;
    private ILiteCollection<ProjectRecord> _projects = null!;
    private ILiteCollection<UnitRecord> _units = null!;
    private ILiteCollection<ReplicaRecord> _replicas = null!;
    private ILiteCollection<HostRecord> _hosts = null!;
    private ILiteCollection<CredentialRecord> _credentials = null!;
    private ILiteCollection<AccountRecord> _accounts = null!;
    private ILiteCollection<CounterRecord> _counters = null!;

    public GridStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        _directory = dataDirectory;
        // LiteDB's defaults would trim strings and store "" as null: a counts key or a host name
        // must come back exactly as it went in.
        _mapper = new BsonMapper { EnumAsInteger = false, TrimWhitespace = false, EmptyStringToNull = false };
        // Strategies were stored as lower-case strings before they were an enum: kept that way.
        _mapper.RegisterType(
            strategy => new BsonValue(strategy.ToString().ToLowerInvariant()),
            stored => Enum.Parse<Grid.Projects.SlicingStrategy>(stored.AsString, ignoreCase: true));
        Open();
        RebuildOpenUnits();
    }

    private void Open()
    {
        _db = new LiteDatabase(new ConnectionString
        {
            Filename = Path.Combine(_directory, FileName),
            Connection = ConnectionType.Direct,
        }, _mapper);
        _projects = _db.GetCollection<ProjectRecord>("projects");
        _units = _db.GetCollection<UnitRecord>("units");
        _replicas = _db.GetCollection<ReplicaRecord>("replicas");
        _hosts = _db.GetCollection<HostRecord>("hosts");
        _credentials = _db.GetCollection<CredentialRecord>("keys");
        _accounts = _db.GetCollection<AccountRecord>("accounts");
        _counters = _db.GetCollection<CounterRecord>("counters");
        _units.EnsureIndex(u => u.ProjectId);
        _units.EnsureIndex(u => u.OpenSlots);
        _units.EnsureIndex(u => u.Priority);
        _replicas.EnsureIndex(r => r.UnitId);
        _replicas.EnsureIndex(r => r.HostId);
        _replicas.EnsureIndex(r => r.State);
        _replicas.EnsureIndex(r => r.ProjectId);
        _units.EnsureIndex(u => u.State);
        _projects.EnsureIndex(p => p.State);
        _projects.EnsureIndex(p => p.CreatedUtc);
        _projects.EnsureIndex(p => p.Owner);
        _units.EnsureIndex(u => u.SpotCheck);
        _units.EnsureIndex(u => u.NeedsJudging);
        _hosts.EnsureIndex(h => h.Owner);
    }

    /// <summary>
    /// After a write failed for lack of space or permission, LiteDB's engine may be unusable (it
    /// closes itself on a failed disk write): the next use reopens the file, which replays only
    /// committed transactions, so the grid recovers once space is back, without a restart.
    /// </summary>
    private void EnsureOpen()
    {
        if (!_faulted)
        {
            return;
        }
        lock (Gate)
        {
            if (!_faulted)
            {
                return;
            }
            try
            {
                Open();
                RebuildOpenUnits();
                _faulted = false;
            }
            catch (Exception e) when (StorageUnavailableException.IsStorageFault(e))
            {
                Discard();
                throw Unavailable(e);
            }
        }
    }

    private void Discard()
    {
        AbandonedTransactions.SuppressFinalizers(_db);
        try
        {
            _db.Dispose();
        }
        catch (Exception e) when (StorageUnavailableException.IsStorageFault(e) || e is LiteException)
        {
            // Closing flushes what the failed write left; it fails for the same reason.
        }
    }

    private StorageUnavailableException Unavailable(Exception cause) => StorageUnavailableException.At(_directory, cause);

    /// <summary>Units wanting replicas, in serving order (an in-memory mirror of the units collection).</summary>
    public OpenUnitIndex OpenUnits { get; } = new();

    /// <summary>Wanted leases, for heartbeats that read nothing (a cache kept in step with the store's writes).</summary>
    public LiveLeases Leases { get; } = new();

    /// <summary>Stores a changed unit and keeps <see cref="OpenUnits"/> and <see cref="Leases"/> in step; call inside a transaction.</summary>
    public void SaveUnit(UnitRecord unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        Units.Update(unit);
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
        Replicas.Update(replica);
    }

    /// <summary>Stores a changed replica, forgetting what <see cref="Leases"/> knew of it; call inside a transaction.</summary>
    public void SaveReplica(ReplicaRecord replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        Replicas.Update(replica);
        Leases.Forget(replica.Id);
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

    private void RebuildOpenUnits() => OpenUnits.Rebuild(_units.Find(u => u.OpenSlots > 0));

    /// <summary>Serialises every read-modify-write of the store (and every use of <see cref="OpenUnits"/>).</summary>
    public Lock Gate { get; } = new();

    public ILiteCollection<ProjectRecord> Projects
    {
        get
        {
            EnsureOpen();
            return _projects;
        }
    }

    public ILiteCollection<UnitRecord> Units
    {
        get
        {
            EnsureOpen();
            return _units;
        }
    }

    public ILiteCollection<ReplicaRecord> Replicas
    {
        get
        {
            EnsureOpen();
            return _replicas;
        }
    }

    public ILiteCollection<HostRecord> Hosts
    {
        get
        {
            EnsureOpen();
            return _hosts;
        }
    }

    public ILiteCollection<AccountRecord> Accounts
    {
        get
        {
            EnsureOpen();
            return _accounts;
        }
    }

    public ILiteCollection<CredentialRecord> Credentials
    {
        get
        {
            EnsureOpen();
            return _credentials;
        }
    }

    public ILiteCollection<CounterRecord> Counters
    {
        get
        {
            EnsureOpen();
            return _counters;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> under the gate in one LiteDB transaction: all of it is stored,
    /// or none. A full or unwritable data directory throws <see cref="StorageUnavailableException"/>.
    /// </summary>
    public T Transaction<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (Gate)
        {
            EnsureOpen();
            _db.BeginTrans();
            try
            {
                var result = work();
                _db.Commit();
                return result;
            }
            catch (Exception e) when (e is not StorageUnavailableException && StorageUnavailableException.IsStorageFault(e))
            {
                // What the engine holds of the failed commit is suspect: drop it and reopen the
                // file at the next use.
                try
                {
                    _db.Rollback();
                }
                catch (Exception again) when (StorageUnavailableException.IsStorageFault(again) || again is LiteException)
                {
                }
                Discard();
                _faulted = true;
                OpenUnits.Rebuild([]);
                Leases.Clear();
                throw Unavailable(e);
            }
            catch
            {
                _db.Rollback();
                // The in-memory queue and lease cache may have seen writes that were just undone.
                RebuildOpenUnits();
                Leases.Clear();
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

    /// <summary>
    /// Whether any record names this blob: a project's circuit, plan, shards, program, result or
    /// state, a unit's input or program, a replica's state. Blobs are content-addressed, so two
    /// records may share one; a blob is deleted only when none does. Call under <see cref="Gate"/>.
    /// </summary>
    public bool ReferencesBlob(string sha256) =>
        Projects.Exists(p => p.CircuitBlob == sha256 || p.ShardPlanBlob == sha256 || p.ShardsBlob == sha256
            || p.PathProgramBlob == sha256 || p.ResultBlob == sha256 || p.StateBlob == sha256)
        || Units.Exists(u => u.InputBlob == sha256 || u.ProgramBlob == sha256)
        || Replicas.Exists(r => r.Result != null && r.Result.StateBlob == sha256);

    public long Counter(string counter) => Counters.FindById(counter)?.Value ?? 0;

    /// <summary>
    /// Closes the file once no transaction is running: disposing LiteDB under a transaction of
    /// another thread (a background service at shutdown) would orphan it, and LiteDB's finalizer for
    /// an orphaned transaction with dirty pages ends the process.
    /// </summary>
    public void Dispose()
    {
        lock (Gate)
        {
            Discard();
        }
    }
}
