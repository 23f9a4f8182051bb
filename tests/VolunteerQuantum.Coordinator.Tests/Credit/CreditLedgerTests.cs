using VolunteerQuantum.Coordinator.Credit;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Storage.Backends;
using VolunteerQuantum.Coordinator.Tests.Support;

namespace VolunteerQuantum.Coordinator.Tests.Credit;

/// <summary>
/// Credit is granted once per replica, in the transaction of the verdict, on each store: a grant
/// repeated (a retry, a restart, another coordinator) counts once, and one rolled back counts never.
/// </summary>
public abstract class CreditLedgerContract
{
    protected static readonly DateTime Noon = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Opens the store under test; a second call opens the same records again (a restart, or a second coordinator).</summary>
    protected abstract GridStore Open();

    protected static readonly UnitRecord Unit = new() { Id = "p.0", ProjectId = "p", Cost = 3e9 };

    /// <summary>An account "alice" with a host "h", and replicas r0…r{n−1} of <see cref="Unit"/> on it.</summary>
    protected static void Seed(GridStore store, int replicas = 1) => store.Transaction(() =>
    {
        store.Accounts.Insert(new AccountRecord { Id = "alice", Kind = AccountKind.Volunteer });
        store.Hosts.Insert(new HostRecord { Id = "h", Owner = "alice" });
        store.InsertUnits([Unit]);
        for (var i = 0; i < replicas; i++)
        {
            store.Replicas.Insert(new ReplicaRecord { Id = $"r{i}", UnitId = Unit.Id, ProjectId = "p", HostId = "h", Owner = "alice", State = ReplicaState.Valid });
        }
    });

    /// <summary>What the validator does with a valid replica: in one transaction, grant and save it.</summary>
    protected static void Grant(GridStore store, string replicaId, DateTime now) => store.Transaction(() =>
    {
        var replica = store.Replicas.FindById(replicaId)!;
        new CreditLedger(store).Grant(replica, store.Units.FindById(Unit.Id)!, now);
        store.SaveReplica(replica);
    });

    protected static AccountRecord Alice(GridStore store)
    {
        lock (store.Gate)
        {
            return store.Accounts.FindById("alice")!;
        }
    }

    [StoreFact]
    public void Grant_RepeatedAndAfterReopening_CreditedOnce()
    {
        using (var store = Open())
        {
            Seed(store);
            Grant(store, "r0", Noon);
            Grant(store, "r0", Noon + TimeSpan.FromMinutes(1));
        }
        using var reopened = Open();
        Grant(reopened, "r0", Noon + TimeSpan.FromHours(1));
        var alice = Alice(reopened);
        Assert.Equal(3, alice.TotalCredit);
        Assert.Equal(1, alice.CreditedResults);
        Assert.Equal(3 * RecentAverage.Weight / 2, new RecentAverage(alice.RecentCredit, alice.RecentCreditUtc).At(Noon + TimeSpan.FromDays(7)), 1e-12);
        lock (reopened.Gate)
        {
            Assert.Equal(3, reopened.Hosts.FindById("h")!.TotalCredit);
            Assert.Equal(3, reopened.Replicas.FindById("r0")!.GrantedCredit);
        }
    }

    [StoreFact]
    public void Grant_InATransactionThatFails_NothingGranted_TheNextCountsOnce()
    {
        using var store = Open();
        Seed(store);
        Assert.Throws<InvalidOperationException>(() => store.Transaction(() =>
        {
            var replica = store.Replicas.FindById("r0")!;
            new CreditLedger(store).Grant(replica, Unit, Noon);
            store.SaveReplica(replica);
            // A crash after the grant, before the transaction is committed.
            throw new InvalidOperationException("crash");
        }));
        Assert.Equal(0, Alice(store).TotalCredit);
        lock (store.Gate)
        {
            Assert.Null(store.Replicas.FindById("r0")!.CreditGrantedUtc);
        }
        Grant(store, "r0", Noon);
        Grant(store, "r0", Noon);
        Assert.Equal((3, 1), (Alice(store).TotalCredit, Alice(store).CreditedResults));
    }

    [StoreFact]
    public void Revoke_CreditedReplica_TakenBackOnce_OthersKept()
    {
        using var store = Open();
        Seed(store, replicas: 2);
        Grant(store, "r0", Noon);
        Grant(store, "r1", Noon + TimeSpan.FromDays(1));
        for (var i = 0; i < 2; i++)
        {
            store.Transaction(() =>
            {
                var replica = store.Replicas.FindById("r0")!;
                replica.State = ReplicaState.Invalid;
                new CreditLedger(store).Revoke(replica, Noon + TimeSpan.FromDays(2));
                store.SaveReplica(replica);
            });
        }
        var alice = Alice(store);
        Assert.Equal((3, 1), (alice.TotalCredit, alice.CreditedResults));
        var onlyR1 = default(RecentAverage).Grant(3, Noon + TimeSpan.FromDays(1));
        Assert.Equal(onlyR1.At(Noon + TimeSpan.FromDays(4)), new RecentAverage(alice.RecentCredit, alice.RecentCreditUtc).At(Noon + TimeSpan.FromDays(4)), 1e-12);
    }
}

public sealed class LiteCreditLedgerTests : CreditLedgerContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vq-credit-").FullName;

    protected override GridStore Open() => new(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

public sealed class PostgresCreditLedgerTests : CreditLedgerContract, INeedsPostgres
{
    private string? _database;

    protected override GridStore Open() => new(new PostgresBackend(_database ??= PostgresCluster.Shared.NewDatabase()));

    /// <summary>Two coordinators sharing the database judge the same replica at once: it is credited once.</summary>
    [PostgresFact]
    public void Grant_ByTwoCoordinatorsAtOnce_CreditedOnce()
    {
        using var first = Open();
        using var second = Open();
        Seed(first);
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            for (var n = 0; n < 5; n++)
            {
                Grant(i % 2 == 0 ? first : second, "r0", Noon);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal((3, 1), (Alice(first).TotalCredit, Alice(first).CreditedResults));
        Assert.Equal(3, Alice(second).TotalCredit);
    }
}
