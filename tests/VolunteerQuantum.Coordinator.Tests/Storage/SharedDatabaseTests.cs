using Npgsql;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Storage.Backends;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>Two coordinators' stores on one PostgreSQL database: what one writes, the other's caches follow; a unit's slots go out once.</summary>
public sealed class SharedDatabaseTests : IDisposable
{
    private readonly List<GridStore> _stores = [];
    private string? _database;

    private string Database => _database ??= PostgresCluster.Shared.NewDatabase();

    private GridStore Coordinator()
    {
        var store = new GridStore(new PostgresBackend(Database));
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }

    private static UnitRecord Unit(string id, int open) => new() { Id = id, ProjectId = "p", State = UnitState.Active, OpenSlots = open, Wanted = open };

    [PostgresFact]
    public void UnitsAndReplicas_ChangedByOne_FollowedByTheOthersCaches()
    {
        var a = Coordinator();
        var b = Coordinator();
        var changes = 0;
        b.ChangedElsewhere += () => changes++;
        a.Transaction(() => a.InsertUnits([Unit("p.0", 2), Unit("p.1", 1)]));
        b.Transaction(() => Assert.Equal(["p.0", "p.1"], b.OpenUnits.InOrder().Select(e => e.UnitId)));
        Assert.Equal(1, changes);

        var replica = new ReplicaRecord { Id = "r", UnitId = "p.0", ProjectId = "p", HostId = "h", State = ReplicaState.InProgress };
        b.Transaction(() =>
        {
            b.Replicas.Insert(replica);
            b.Leases.Add(replica);
        });
        Assert.True(b.Leases.TryGet("r", out _));
        a.Transaction(() =>
        {
            var unit = a.Units.FindById("p.1")!;
            unit.OpenSlots = 0;
            a.SaveUnit(unit);
            var lost = a.Replicas.FindById("r")!;
            lost.State = ReplicaState.TimedOut;
            a.SaveReplica(lost);
        });
        b.Transaction(() =>
        {
            Assert.Equal(["p.0"], b.OpenUnits.InOrder().Select(e => e.UnitId));
            Assert.False(b.Leases.TryGet("r", out _));
        });
        // Its own writes are not news to a coordinator.
        var before = changes;
        b.Transaction(() => b.Increment("x"));
        Assert.Equal(before, changes);
    }

    [PostgresFact]
    public void OpenSlots_TakenByFourThreadsOnTwoCoordinators_EachGoesOutOnce()
    {
        const int Slots = 200;
        var stores = new[] { Coordinator(), Coordinator() };
        stores[0].Transaction(() => stores[0].InsertUnits([Unit("p.0", Slots)]));
        var taken = new int[4];
        using var start = new Barrier(4);
        var workers = Enumerable.Range(0, 4).Select(worker => new Thread(() =>
        {
            var store = stores[worker % 2];
            start.SignalAndWait();
            while (store.Transaction(() =>
            {
                var unit = store.Units.FindById("p.0")!;
                if (unit.OpenSlots == 0)
                {
                    return false;
                }
                unit.OpenSlots--;
                store.SaveUnit(unit);
                return true;
            }))
            {
                taken[worker]++;
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        // Read-modify-writes that interleaved across the two processes would hand some slots out twice.
        Assert.Equal(Slots, taken.Sum());
        Assert.True(taken[0] + taken[2] > 0 && taken[1] + taken[3] > 0, $"both coordinators took slots: {string.Join(", ", taken)}");
    }

    [PostgresFact]
    public async Task PipelineLease_HeldByOneCoordinator_TakenOverWhenItGoes()
    {
        var a = Coordinator();
        var b = Coordinator();
        Assert.True(a.HoldsLease("validator"));
        Assert.True(a.HoldsLease("validator"));
        Assert.False(b.HoldsLease("validator"));
        Assert.True(b.HoldsLease("assimilator"));
        Assert.False(a.HoldsLease("assimilator"));
        a.Dispose();
        _stores.Remove(a);
        // The server frees a closed session's locks when its backend has exited, a moment after the
        // client let go: the lease passes over then, not necessarily on the very next try.
        await Eventually.TrueAsync(() => b.HoldsLease("validator"), "the second coordinator takes over the validator's lease", TimeSpan.FromSeconds(20));
    }

    [PostgresFact]
    public void Database_FromANewerCoordinator_RefusedNamingBothVersions()
    {
        Coordinator().Dispose();
        _stores.Clear();
        using (var connection = new NpgsqlConnection(Database))
        {
            connection.Open();
            using var command = new NpgsqlCommand("INSERT INTO vq_schema (version) VALUES (99)", connection);
            command.ExecuteNonQuery();
        }
        var refusal = Assert.Throws<InvalidOperationException>(() => new PostgresBackend(Database));
        Assert.Contains("schema version 99", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {PostgresSchema.Latest}", refusal.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public void Schema_MigratedOnce_WhenCoordinatorsStartTogether()
    {
        Parallel.For(0, 3, _ => new PostgresBackend(Database).Dispose());
        using var connection = new NpgsqlConnection(Database);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM vq_schema", connection);
        Assert.Equal((long)PostgresSchema.Latest, command.ExecuteScalar());
    }

    [Fact]
    public void ConnectionString_Malformed_RefusedWithAnExample()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => new PostgresBackend("this is not=a;connection;;string=="));
        Assert.Contains("Host=", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Database_Unreachable_SaysWhichAndWhy()
    {
        var socket = Directory.CreateTempSubdirectory("vq-nopg-");
        try
        {
            var refusal = Assert.Throws<StorageUnavailableException>(() => new PostgresBackend($"Host={socket.FullName};Database=vq;Username=vq;Timeout=2"));
            Assert.Contains("cannot be reached", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("'vq'", refusal.Message, StringComparison.Ordinal);
        }
        finally
        {
            socket.Delete(recursive: true);
        }
    }
}
