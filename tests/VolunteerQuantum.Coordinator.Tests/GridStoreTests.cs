using VolunteerQuantum.Coordinator.Storage.Backends;
using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Tests;

public sealed class GridStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vq-store-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReferencesBlob_EveryKindOfRecord_FoundOnlyWhenNamed()
    {
        using var store = new GridStore(_directory);
        store.Transaction(() =>
        {
            store.Projects.Insert(new ProjectRecord { Id = "p1", CircuitBlob = "circuit", ResultBlob = "result", ShardsBlob = "shards" });
            store.InsertUnits([new UnitRecord { Id = "u1", ProjectId = "p1", InputBlob = "input", ProgramBlob = "program" }]);
            store.Replicas.Insert(new ReplicaRecord { Id = "r1", UnitId = "u1", ProjectId = "p1", Result = new StoredResult { StateBlob = "state" } });
            store.Replicas.Insert(new ReplicaRecord { Id = "r2", UnitId = "u1", ProjectId = "p1" });
        });
        lock (store.Gate)
        {
            foreach (var name in new[] { "circuit", "result", "shards", "input", "program", "state" })
            {
                Assert.True(store.ReferencesBlob(name), name);
            }
            Assert.False(store.ReferencesBlob("orphan"));
        }
    }

    [Fact]
    public void StrategyAndKind_StoredAsStringsAsBeforeTheyWereEnums_ReadBackAndWrittenTheSame()
    {
        // A data directory written before: the strategy lower-case, the unit kind as its name.
        using (var db = new LiteDB.LiteDatabase(Path.Combine(_directory, LiteBackend.FileName)))
        {
            db.GetCollection("projects").Insert(new LiteDB.BsonDocument { ["_id"] = "p1", ["Strategy"] = "shards", ["State"] = "Running" });
            db.GetCollection("units").Insert(new LiteDB.BsonDocument { ["_id"] = "p1.0", ["ProjectId"] = "p1", ["Kind"] = "Shard", ["State"] = "Active" });
        }
        using (var store = new GridStore(_directory))
        {
            lock (store.Gate)
            {
                Assert.Equal(Grid.Projects.SlicingStrategy.Shards, store.Projects.FindById("p1")!.Strategy);
                Assert.Equal(Grid.Units.UnitKind.Shard, store.Units.FindById("p1.0")!.Kind);
            }
            store.Transaction(() => store.Projects.Insert(new ProjectRecord { Id = "p2", Strategy = Grid.Projects.SlicingStrategy.Paths }));
        }
        using var again = new LiteDB.LiteDatabase(Path.Combine(_directory, LiteBackend.FileName));
        Assert.Equal("paths", again.GetCollection("projects").FindById("p2")["Strategy"].AsString);
    }
}
