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
            store.Units.Insert(new UnitRecord { Id = "u1", ProjectId = "p1", InputBlob = "input", ProgramBlob = "program" });
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
}
