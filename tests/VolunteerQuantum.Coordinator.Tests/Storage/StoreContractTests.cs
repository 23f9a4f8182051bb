using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Storage.Backends;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Grid.Projects;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>
/// What every store must do, run against each: the embedded LiteDB file and a PostgreSQL database
/// (skipped, saying why, where no PostgreSQL binaries exist). Each test opens its own empty store.
/// </summary>
public abstract class StoreContract : IDisposable
{
    private readonly List<GridStore> _opened = [];

    /// <summary>Opens the store under test; a second call opens the same records again (a restart, or a second coordinator).</summary>
    protected abstract GridStore OpenBackend();

    protected GridStore Open()
    {
        var store = OpenBackend();
        _opened.Add(store);
        return store;
    }

    public virtual void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    private static readonly DateTime Noon = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static ProjectRecord Project(string id, string owner = "alice", ProjectState state = ProjectState.Running, int minutes = 0) => new()
    {
        Id = id,
        Owner = owner,
        State = state,
        CreatedUtc = Noon.AddMinutes(minutes),
        Strategy = SlicingStrategy.Shards,
        Seed = ulong.MaxValue - 7,
        Amplitudes = ["0101", "1111"],
        ObservableWeights = new() { [" Z0 Z1 "] = -0.25 },
        CircuitBlob = "circuit-" + id,
        Warnings = [""],
    };

    private static UnitRecord Unit(string projectId, int index, UnitState state = UnitState.Active, int open = 1) => new()
    {
        Id = $"{projectId}.{index}",
        ProjectId = projectId,
        Index = index,
        State = state,
        Priority = index,
        Kind = UnitKind.Shard,
        OpenSlots = open,
        Wanted = 2,
        Seed = 1UL << 63,
        SeedPool = [ulong.MaxValue, 0, 42],
        Parameters = new() { ["theta"] = Math.PI },
        HostIds = ["h1"],
    };

    private static ReplicaRecord Replica(string id, string unitId, string projectId, string hostId, ReplicaState state = ReplicaState.InProgress) => new()
    {
        Id = id,
        UnitId = unitId,
        ProjectId = projectId,
        HostId = hostId,
        State = state,
        IssuedUtc = Noon,
        LeaseExpiryUtc = Noon.AddSeconds(30),
        DeadlineUtc = Noon.AddHours(1),
    };

    [StoreFact]
    public void Records_WrittenAndReopened_ComeBackFieldForField()
    {
        var store = Open();
        var project = Project("p1");
        var unit = Unit("p1", 0);
        var replica = Replica("r1", "p1.0", "p1", "h1", ReplicaState.Valid);
        replica.Result = new StoredResult { StateBlob = "state", SlotWidth = 2, SlotSketchRe = [1.5, -2.5], CountKeys = ["01"], CountValues = [7] };
        store.Transaction(() =>
        {
            store.Projects.Insert(project);
            store.InsertUnits([unit]);
            store.Replicas.Insert(replica);
            store.Hosts.Insert(new HostRecord { Id = "h1", Owner = "bob", Name = "  spaced  ", MemoryBytes = 1L << 40, LastSeenUtc = Noon });
            store.Accounts.Insert(new AccountRecord { Id = "bob", Kind = AccountKind.Volunteer, CreatedUtc = Noon });
            store.Credentials.Insert(new CredentialRecord { Id = "hash", Kind = CredentialKind.EnrollmentToken, AccountId = "bob", Label = "" });
        });
        store.Dispose();

        var again = Open();
        lock (again.Gate)
        {
            var p = again.Projects.FindById("p1")!;
            Assert.Equal((project.Seed, project.Strategy, project.CreatedUtc, "alice"), (p.Seed, p.Strategy, p.CreatedUtc.ToUniversalTime(), p.Owner));
            Assert.Equal(project.Amplitudes, p.Amplitudes);
            Assert.Equal(-0.25, p.ObservableWeights[" Z0 Z1 "]);
            Assert.Equal([""], p.Warnings);
            var u = again.Units.FindById("p1.0")!;
            Assert.Equal((unit.Seed, UnitKind.Shard, 1), (u.Seed, u.Kind, u.OpenSlots));
            Assert.Equal(unit.SeedPool, u.SeedPool);
            Assert.Equal(Math.PI, u.Parameters["theta"]);
            var r = again.Replicas.FindById("r1")!;
            Assert.Equal(replica.LeaseExpiryUtc, r.LeaseExpiryUtc.ToUniversalTime());
            Assert.Equal([1.5, -2.5], r.Result!.SlotSketchRe);
            Assert.Equal("  spaced  ", again.Hosts.FindById("h1")!.Name);
            Assert.Equal(1L << 40, again.Hosts.FindById("h1")!.MemoryBytes);
            Assert.Equal("", again.Credentials.FindById("hash")!.Label);
            Assert.Null(again.Projects.FindById("nope"));
        }
    }

    [StoreFact]
    public void NamedQueries_SelectExactlyTheirRecords()
    {
        var store = Open();
        store.Transaction(() =>
        {
            store.Projects.Insert(Project("p1", "alice", minutes: 1));
            store.Projects.Insert(Project("p2", "bob", minutes: 3));
            store.Projects.Insert(Project("p3", "alice", ProjectState.Completed, minutes: 2));
            var waiting = Project("p4", "carol", minutes: 4);
            waiting.AdvancePending = true;
            store.Projects.Insert(waiting);
            var judged = Unit("p1", 1);
            judged.NeedsJudging = true;
            var checkedUnit = Unit("p2", 0, UnitState.Verified, open: 0);
            checkedUnit.SpotCheck = SpotCheckState.Pending;
            store.InsertUnits([Unit("p1", 0), judged, checkedUnit, Unit("p2", 1, UnitState.Active, open: 0)]);
            store.Replicas.Insert(Replica("r1", "p1.0", "p1", "h1"));
            store.Replicas.Insert(Replica("r2", "p1.0", "p1", "h2", ReplicaState.Valid));
            store.Replicas.Insert(Replica("r3", "p2.0", "p2", "h1", ReplicaState.TimedOut));
            store.Hosts.Insert(new HostRecord { Id = "h1", Owner = "v1", MemoryBytes = 8 });
            store.Hosts.Insert(new HostRecord { Id = "h2", Owner = "v1", MemoryBytes = 64, TrustedVerifier = true });
            store.Hosts.Insert(new HostRecord { Id = "h3", Owner = "v2", MemoryBytes = 16 });
            store.Accounts.Insert(new AccountRecord { Id = "root", Admin = true });
            store.Accounts.Insert(new AccountRecord { Id = "v1" });
            store.Credentials.Insert(new CredentialRecord { Id = "k1", Kind = CredentialKind.ApiKey, AccountId = "root" });
            store.Credentials.Insert(new CredentialRecord { Id = "k2", Kind = CredentialKind.EnrollmentToken, AccountId = "" });
        });
        lock (store.Gate)
        {
            Assert.Equal(["p1", "p2", "p4"], Ids(store.Projects.Running().Select(p => p.Id)));
            Assert.Equal(["p1", "p3"], Ids(store.Projects.OwnedBy("alice").Select(p => p.Id)));
            Assert.Equal(2, store.Projects.CountOwnedBy("alice"));
            Assert.Equal(["p4", "p2", "p3", "p1"], store.Projects.Newest(10).Select(p => p.Id));
            Assert.Equal(["p3"], store.Projects.Newest(1, "alice").Select(p => p.Id));
            Assert.Equal(["p4"], store.Projects.AwaitingAdvance().Select(p => p.Id));
            Assert.Empty(store.Projects.AwaitingAssimilation());
            Assert.Equal(3, store.Projects.CountByState()[ProjectState.Running]);
            Assert.False(store.Projects.CountByState().ContainsKey(ProjectState.Failed));

            Assert.Equal(["p1.0", "p1.1"], Ids(store.Units.OfProject("p1").Select(u => u.Id)));
            Assert.Equal(["p1.1"], store.Units.NeedingJudging().Select(u => u.Id));
            Assert.Single(store.Units.NeedingJudging(limit: 1));
            Assert.Equal(1, store.Units.CountNeedingJudging());
            Assert.Equal(["p2.0"], store.Units.WithSpotCheck(SpotCheckState.Pending).Select(u => u.Id));
            Assert.True(store.Units.AnyWithSpotCheck(SpotCheckState.Pending));
            Assert.False(store.Units.AnyWithSpotCheck(SpotCheckState.Running));
            Assert.Equal(["p2.0"], store.Units.VerifiedOf("p2").Select(u => u.Id));
            Assert.Equal(["p1.0", "p1.1"], Ids(store.Units.WantingReplicas().Select(u => u.Id)));
            Assert.Equal(["p1.0", "p1.1"], store.OpenUnits.InOrder().Select(e => e.UnitId));

            Assert.Equal(["r1", "r2"], Ids(store.Replicas.OfUnit("p1.0").Select(r => r.Id)));
            Assert.Equal(["r1"], store.Replicas.InProgress().Select(r => r.Id));
            Assert.Equal(["r1"], store.Replicas.InProgressOfHost("h1").Select(r => r.Id));
            Assert.False(store.Replicas.AnyInProgressOfHost("h2"));
            Assert.Equal(["r1", "r3"], Ids(store.Replicas.OfHost("h1").Select(r => r.Id)));
            Assert.Equal(1, store.Replicas.CountByState()[ReplicaState.TimedOut]);

            Assert.Equal(2, store.Hosts.CountOwnedBy("v1"));
            Assert.Equal(["h2"], store.Hosts.TrustedVerifiers().Select(h => h.Id));
            Assert.Equal(64, store.Hosts.LargestMemory());
            Assert.Equal(["root"], store.Accounts.Admins().Select(a => a.Id));
            Assert.True(store.Credentials.AnyOfKind(CredentialKind.ApiKey));
            Assert.Equal(["k2"], store.Credentials.Unowned().Select(c => c.Id));
            Assert.Equal(["k1"], store.Credentials.OfAccount("root").Select(c => c.Id));
        }
    }

    private static string[] Ids(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];

    [StoreFact]
    public void Transaction_ThatThrows_StoresNothingAndTheQueueForgetsItsWrites()
    {
        var store = Open();
        store.Transaction(() => store.InsertUnits([Unit("p1", 0)]));
        Assert.Throws<InvalidOperationException>(() => store.Transaction(() =>
        {
            var unit = store.Units.FindById("p1.0")!;
            unit.OpenSlots = 0;
            store.SaveUnit(unit);
            store.InsertUnits([Unit("p1", 1)]);
            store.Increment("c", 5);
            throw new InvalidOperationException("undo");
        }));
        store.Transaction(() =>
        {
            Assert.Equal(1, store.Units.FindById("p1.0")!.OpenSlots);
            Assert.Null(store.Units.FindById("p1.1"));
            Assert.Equal(0, store.Counter("c"));
            Assert.Equal(["p1.0"], store.OpenUnits.InOrder().Select(e => e.UnitId));
        });
    }

    [StoreFact]
    public void ConcurrentTransactions_SomeThrowing_EveryOtherStoredExactlyOnce_NoneOfTheThrown()
    {
        var store = Open();
        const int Threads = 8, Each = 40;
        var thrown = 0;
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < Each; i++)
            {
                var fails = (t * Each + i) % 7 == 3;
                try
                {
                    store.Transaction(() =>
                    {
                        store.Increment($"thread{t}");
                        store.Projects.Insert(Project($"t{t}.{i}"));
                        if (fails)
                        {
                            throw new InvalidOperationException("refused");
                        }
                    });
                }
                catch (InvalidOperationException) when (fails)
                {
                    Interlocked.Increment(ref thrown);
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        lock (store.Gate)
        {
            var stored = store.Projects.FindAll().Select(p => p.Id).ToHashSet();
            for (var t = 0; t < Threads; t++)
            {
                var expected = Enumerable.Range(0, Each).Where(i => (t * Each + i) % 7 != 3).Select(i => $"t{t}.{i}").ToList();
                Assert.Equal(expected.Count, store.Counter($"thread{t}"));
                Assert.All(expected, id => Assert.Contains(id, stored));
            }
            Assert.Equal(Threads * Each - thrown, stored.Count);
            Assert.True(thrown > 0);
        }
    }

    [StoreFact]
    public void CountersAndUpserts_Accumulate()
    {
        var store = Open();
        store.Transaction(() => store.Increment("timeouts"));
        store.Transaction(() => store.Increment("timeouts", 41));
        store.Transaction(() => store.Credentials.Upsert(new CredentialRecord { Id = "k", Label = "first" }));
        store.Transaction(() => store.Credentials.Upsert(new CredentialRecord { Id = "k", Label = "second" }));
        lock (store.Gate)
        {
            Assert.Equal(42, store.Counter("timeouts"));
            Assert.Equal("second", store.Credentials.FindById("k")!.Label);
        }
    }

    [StoreFact]
    public void ReferencesBlob_EveryKindOfRecord_FoundOnlyWhileNamed()
    {
        var store = Open();
        var replica = Replica("r1", "p1.0", "p1", "h1");
        replica.Result = new StoredResult { StateBlob = "state" };
        var project = Project("p1");
        project.ResultBlob = "result";
        var unit = Unit("p1", 0);
        unit.InputBlob = "input";
        unit.ProgramBlob = "program";
        store.Transaction(() =>
        {
            store.Projects.Insert(project);
            store.InsertUnits([unit]);
            store.Replicas.Insert(replica);
        });
        lock (store.Gate)
        {
            foreach (var name in new[] { "circuit-p1", "result", "input", "program", "state" })
            {
                Assert.True(store.ReferencesBlob(name), name);
            }
            Assert.False(store.ReferencesBlob("orphan"));
        }
        store.Transaction(() =>
        {
            project.ResultBlob = null;
            store.Projects.Update(project);
            replica.Result = null;
            store.SaveReplica(replica);
        });
        lock (store.Gate)
        {
            Assert.False(store.ReferencesBlob("result"));
            Assert.False(store.ReferencesBlob("state"));
            Assert.True(store.ReferencesBlob("input"));
        }
    }
}

public sealed class LiteStoreContractTests : StoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vq-store-").FullName;

    protected override GridStore OpenBackend() => new(_directory);

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class PostgresStoreContractTests : StoreContract, INeedsPostgres
{
    private string? _database;

    protected override GridStore OpenBackend() => new(new PostgresBackend(_database ??= PostgresCluster.Shared.NewDatabase()));
}
