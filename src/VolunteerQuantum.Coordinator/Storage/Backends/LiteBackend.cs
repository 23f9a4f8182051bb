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

    public T Transaction<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var db = Database;
        db.BeginTrans();
        try
        {
            var result = work();
            db.Commit();
            return result;
        }
        catch (Exception e) when (e is not StorageUnavailableException && StorageUnavailableException.IsStorageFault(e))
        {
            // What the engine holds of the failed commit is suspect: drop it and reopen the
            // file at the next use.
            try
            {
                db.Rollback();
            }
            catch (Exception again) when (StorageUnavailableException.IsStorageFault(again) || again is LiteException)
            {
            }
            Discard();
            _faulted = true;
            throw Unavailable(e);
        }
        catch
        {
            db.Rollback();
            throw;
        }
    }

    /// <summary>
    /// Closes the file. The caller holds the gate, so no transaction of this process is running:
    /// disposing LiteDB under another thread's transaction would orphan it, and LiteDB's finalizer
    /// for an orphaned transaction with dirty pages ends the process.
    /// </summary>
    public void Dispose() => Discard();
}
