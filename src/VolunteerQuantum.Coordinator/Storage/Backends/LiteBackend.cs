using LiteDB;

namespace VolunteerQuantum.Coordinator.Storage.Backends;

/// <summary>
/// The embedded store: one LiteDB file in the data directory, for one coordinator process (the
/// default; nothing to install). Transactions are LiteDB's; the caller's gate serialises them.
/// </summary>
public sealed class LiteBackend : IStoreBackend
{
    public const string FileName = "coordinator.db";

    private readonly string _directory;
    private readonly BsonMapper _mapper;
    private readonly List<Action> _reopenTables = [];
    private LiteDatabase _db = null!;
    private bool _faulted;
    private long _generation;

    public LiteBackend(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory) && !OperatingSystem.IsWindows())
        {
            // A directory made here holds only the coordinator's own files (and LiteDB's transient log).
            Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.CreateDirectory(dataDirectory);
        _directory = dataDirectory;
        _mapper = RecordMapper.Create();
        Open();
    }

    public string Description => $"LiteDB file {Path.Combine(_directory, FileName)}";

    public bool IsShared => false;

    public long Generation => Volatile.Read(ref _generation);

    public bool HoldsLease(string name) => true;

    /// <summary>The open database (reopened after a fault): for the tables.</summary>
    internal LiteDatabase Database
    {
        get
        {
            EnsureOpen();
            return _db;
        }
    }

    public IRecordTable<T> Table<T>(TableSpec<T> spec) where T : class
    {
        ArgumentNullException.ThrowIfNull(spec);
        var table = new LiteRecordTable<T>(this, spec);
        lock (_reopenTables)
        {
            _reopenTables.Add(table.EnsureIndexes);
        }
        table.EnsureIndexes();
        return table;
    }

    private void Open()
    {
        _db = new LiteDatabase(new ConnectionString
        {
            Filename = Path.Combine(_directory, FileName),
            Connection = ConnectionType.Direct,
        }, _mapper);
        RestrictToOwner();
    }

    /// <summary>
    /// The database holds hashed keys, host secrets' digests and every project's results: readable by
    /// its owner only, as the key files beside it are (LiteDB creates it with the process's umask).
    /// </summary>
    private void RestrictToOwner()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        foreach (var file in new[] { FileName, Path.GetFileNameWithoutExtension(FileName) + "-log" + Path.GetExtension(FileName) })
        {
            var path = Path.Combine(_directory, file);
            if (File.Exists(path))
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
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
        lock (_reopenTables)
        {
            if (!_faulted)
            {
                return;
            }
            try
            {
                Open();
                _faulted = false;
                foreach (var ensureIndexes in _reopenTables)
                {
                    ensureIndexes();
                }
                Interlocked.Increment(ref _generation);
            }
            catch (Exception e) when (StorageUnavailableException.IsStorageFault(e))
            {
                _faulted = true;
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

    public IStoreTransaction Begin()
    {
        var db = Database;
        db.BeginTrans();
        return new LiteTransaction(this, db);
    }

    private sealed class LiteTransaction(LiteBackend backend, LiteDatabase db) : IStoreTransaction
    {
        private bool _done;

        public void Commit()
        {
            try
            {
                db.Commit();
                _done = true;
            }
            catch (Exception e) when (e is not StorageUnavailableException && StorageUnavailableException.IsStorageFault(e))
            {
                _done = true;
                throw backend.Fault(db, e);
            }
        }

        public StorageUnavailableException? Fail(Exception cause)
        {
            if (_done || cause is StorageUnavailableException || !StorageUnavailableException.IsStorageFault(cause))
            {
                Dispose();
                return cause as StorageUnavailableException;
            }
            _done = true;
            return backend.Fault(db, cause);
        }

        public void Dispose()
        {
            if (_done)
            {
                return;
            }
            _done = true;
            try
            {
                db.Rollback();
            }
            catch (Exception e) when (StorageUnavailableException.IsStorageFault(e) || e is LiteException)
            {
                backend.Fault(db, e);
            }
            Interlocked.Increment(ref backend._generation);
        }
    }

    /// <summary>
    /// A write failed for want of space or permission: what the engine holds of it is suspect, so
    /// the file is dropped and reopened at the next use.
    /// </summary>
    private StorageUnavailableException Fault(LiteDatabase db, Exception cause)
    {
        try
        {
            db.Rollback();
        }
        catch (Exception again) when (StorageUnavailableException.IsStorageFault(again) || again is LiteException)
        {
        }
        Discard();
        _faulted = true;
        Interlocked.Increment(ref _generation);
        return cause as StorageUnavailableException ?? Unavailable(cause);
    }

    /// <summary>
    /// Closes the file. The caller holds the gate, so no transaction of this process is running:
    /// disposing LiteDB under another thread's transaction would orphan it, and LiteDB's finalizer
    /// for an orphaned transaction with dirty pages ends the process.
    /// </summary>
    public void Dispose() => Discard();
}
