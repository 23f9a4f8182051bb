namespace VolunteerQuantum.Coordinator.Storage.Backends;

/// <summary>
/// Where the grid's records live: an embedded LiteDB file (<see cref="LiteBackend"/>) or a
/// PostgreSQL database that several coordinators share (<see cref="PostgresBackend"/>). A backend
/// stores documents in tables and runs transactions; every query the grid makes is written once,
/// over these primitives, in <see cref="GridStore"/>'s record sets, so both stores answer alike.
/// </summary>
public interface IStoreBackend : IDisposable
{
    /// <summary>Where the records are, for logs and messages ("LiteDB file …", "PostgreSQL database …").</summary>
    string Description { get; }

    /// <summary>Whether other coordinator processes may write the same records (caches must then follow their changes).</summary>
    bool IsShared { get; }

    /// <summary>Moves on whenever a transaction rolled back or the backend reopened after a fault: caches built from it must be rebuilt.</summary>
    long Generation { get; }

    IRecordTable<T> Table<T>(TableSpec<T> spec) where T : class;

    /// <summary>
    /// Begins a transaction on the calling thread: its writes are stored by
    /// <see cref="IStoreTransaction.Commit"/>, or none of them (disposed uncommitted, it rolls back
    /// and <see cref="Generation"/> moves on). The caller holds its process's gate; a shared backend
    /// also serialises the transactions of every coordinator. A full or unwritable store throws
    /// <see cref="StorageUnavailableException"/>.
    /// </summary>
    IStoreTransaction Begin();

    /// <summary>
    /// Whether this process holds the named lease now (a pipeline service runs on one coordinator at
    /// a time). It is kept until the process dies or its connection breaks, when another may take it.
    /// An embedded store has one process: always true.
    /// </summary>
    bool HoldsLease(string name);
}

/// <summary>A transaction of a backend; disposing it uncommitted rolls it back.</summary>
public interface IStoreTransaction : IDisposable
{
    void Commit();

    /// <summary>
    /// The work inside failed with <paramref name="cause"/>: rolls back, and returns what callers
    /// should see instead when the cause is the store itself (a full disk, a lost connection), else null.
    /// </summary>
    StorageUnavailableException? Fail(Exception cause);
}
