using System.Collections.Concurrent;
using System.Text;
using LiteDB;
using Npgsql;

namespace VolunteerQuantum.Coordinator.Storage.Backends;

/// <summary>
/// A PostgreSQL database that several coordinator processes share. Every transaction first takes
/// one transaction-scoped advisory lock (the grid lock), so the coordinators' read-modify-writes
/// are serialised exactly as one coordinator's threads are by its gate: a unit's open slots are
/// read and decremented by one coordinator at a time, and no replica is handed out twice. The
/// transactions only record (verification's sketches, recombination and file writes happen
/// outside them), so the lock is held for a few statements. Pipeline services run where this
/// process holds their session advisory lock (<see cref="HoldsLease"/>).
/// </summary>
public sealed class PostgresBackend : IStoreBackend
{
    private const long GridLock = 0x5651_0000_0000_0002;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ConcurrentDictionary<string, bool> _leases = new(StringComparer.Ordinal);
    private readonly Lock _leaseGate = new();
    private NpgsqlConnection? _leaseConnection;
    private DateTime _leaseCheckedUtc;

    // Each thread's open transaction (the store's writer thread, or a thread writing outside a transaction).
    private readonly ThreadLocal<PostgresTransaction?> _current = new();
    private long _generation;

    public PostgresBackend(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"--database is not a PostgreSQL connection string ({e.Message}); expected e.g. \"Host=db.example.org;Database=vq;Username=vq;Password=…\"", e);
        }
        Description = $"PostgreSQL database '{builder.Database ?? builder.Username}' on {builder.Host}{(builder.Port != 5432 ? $":{builder.Port}" : "")}";
        _dataSource = NpgsqlDataSource.Create(builder);
        Mapper = RecordMapper.Create();
        try
        {
            PostgresSchema.Migrate(_dataSource, Description);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            _dataSource.Dispose();
            throw new StorageUnavailableException($"{Description} cannot be reached: {e.Message}", e);
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }
    }

    public string Description { get; }

    public bool IsShared => true;

    public long Generation => Volatile.Read(ref _generation);

    /// <summary>This process's mark on the rows it writes, so it skips its own changes when following the others'.</summary>
    internal Guid Writer { get; } = Guid.NewGuid();

    internal BsonMapper Mapper { get; }

    public IRecordTable<T> Table<T>(TableSpec<T> spec) where T : class => new PostgresRecordTable<T>(this, spec);

    public IStoreTransaction Begin()
    {
        if (_current.Value is not null)
        {
            throw new InvalidOperationException("a transaction is already open on this thread");
        }
        NpgsqlConnection? connection = null;
        try
        {
            connection = _dataSource.OpenConnection();
            var transaction = connection.BeginTransaction();
            using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({GridLock})", connection, transaction))
            {
                lockCommand.ExecuteNonQuery();
            }
            return _current.Value = new PostgresTransaction(this, connection, transaction);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            connection?.Dispose();
            throw Unavailable(e);
        }
    }

    private StorageUnavailableException Unavailable(Exception cause) => new($"{Description} is unavailable: {cause.Message}", cause);

    private sealed class PostgresTransaction(PostgresBackend backend, NpgsqlConnection connection, NpgsqlTransaction transaction) : IStoreTransaction
    {
        private bool _done;

        public NpgsqlConnection Connection => connection;

        public NpgsqlTransaction Transaction => transaction;

        public void Commit()
        {
            try
            {
                transaction.Commit();
                _done = true;
            }
            catch (Exception e) when (IsUnavailable(e))
            {
                throw backend.Unavailable(e);
            }
            finally
            {
                if (_done)
                {
                    Close();
                }
            }
        }

        public StorageUnavailableException? Fail(Exception cause)
        {
            Dispose();
            return cause as StorageUnavailableException ?? (IsUnavailable(cause) ? backend.Unavailable(cause) : null);
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
                transaction.Rollback();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                // The connection is gone: the server rolled the transaction back itself.
            }
            Interlocked.Increment(ref backend._generation);
            Close();
        }

        private void Close()
        {
            backend._current.Value = null;
            transaction.Dispose();
            connection.Dispose();
        }
    }

    /// <summary>The database refused for want of space or of a connection, not because of the statement.</summary>
    private static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("53", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal)
            || p.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException n => n.InnerException is System.IO.IOException or System.Net.Sockets.SocketException or TimeoutException || n.IsTransient,
        _ => false,
    };


    /// <summary>
    /// Runs a statement on the transaction of this thread, or, outside one, on a pooled connection
    /// (a write there is a transaction of its own, under the grid lock).
    /// </summary>
    internal TResult Run<TResult>(Func<NpgsqlCommand, TResult> statement, bool writes)
    {
        if (_current.Value is { } open)
        {
            using var command = new NpgsqlCommand { Connection = open.Connection, Transaction = open.Transaction };
            return statement(command);
        }
        if (writes)
        {
            using var own = Begin();
            var result = Run(statement, writes: true);
            own.Commit();
            return result;
        }
        try
        {
            using var connection = _dataSource.OpenConnection();
            using var command = connection.CreateCommand();
            return statement(command);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    public bool HoldsLease(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_leaseGate)
        {
            try
            {
                if (_leaseConnection is null)
                {
                    _leases.Clear();
                    _leaseConnection = _dataSource.OpenConnection();
                }
                else if (DateTime.UtcNow - _leaseCheckedUtc > TimeSpan.FromSeconds(1))
                {
                    // A broken connection has lost every lease it held: find out once a second.
                    using var ping = new NpgsqlCommand("SELECT 1", _leaseConnection);
                    ping.ExecuteScalar();
                }
                _leaseCheckedUtc = DateTime.UtcNow;
                if (_leases.ContainsKey(name))
                {
                    return true;
                }
                using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", _leaseConnection);
                take.Parameters.Add(new NpgsqlParameter { Value = LeaseKey(name) });
                if (take.ExecuteScalar() is true)
                {
                    _leases[name] = true;
                    return true;
                }
                return false;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
                _leaseConnection?.Dispose();
                _leaseConnection = null;
                _leases.Clear();
                return false;
            }
        }
    }

    /// <summary>A stable 64-bit key for a lease name (FNV-1a), apart from the grid and migration locks.</summary>
    private static long LeaseKey(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes("vq-lease:" + name))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return unchecked((long)(hash & 0x0000_FFFF_FFFF_FFFF));
    }

    public void Dispose()
    {
        lock (_leaseGate)
        {
            _leaseConnection?.Dispose();
            _leaseConnection = null;
        }
        _dataSource.Dispose();
        _current.Dispose();
    }
}
