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

    /// <summary>Bumps whenever the backend reopened after a fault: caches built from it must be rebuilt.</summary>
    long Generation { get; }

    IRecordTable<T> Table<T>(TableSpec<T> spec) where T : class;

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction: all of its writes are stored, or none. The
    /// caller holds its process's gate; a shared backend also serialises the transactions of every
    /// coordinator. A full or unwritable store throws <see cref="StorageUnavailableException"/>.
    /// </summary>
    T Transaction<T>(Func<T> work);

    /// <summary>
    /// Whether this process holds the named lease now (a pipeline service runs on one coordinator at
    /// a time). It is kept until the process dies or its connection breaks, when another may take it.
    /// An embedded store has one process: always true.
    /// </summary>
    bool HoldsLease(string name);
}
