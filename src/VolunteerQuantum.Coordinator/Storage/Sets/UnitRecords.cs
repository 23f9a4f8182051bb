using VolunteerQuantum.Coordinator.Storage.Backends;
using static VolunteerQuantum.Coordinator.Storage.Backends.StoreTables;

namespace VolunteerQuantum.Coordinator.Storage.Sets;

/// <summary>
/// The units, by the questions the grid asks of them. Writes go through
/// <see cref="GridStore.SaveUnit"/> and <see cref="GridStore.InsertUnits"/>, which keep the
/// in-memory queue in step.
/// </summary>
public sealed class UnitRecords(IRecordTable<UnitRecord> table)
{
    internal IRecordTable<UnitRecord> Table => table;

    public UnitRecord? FindById(string id) => table.Find(id);

    public IEnumerable<UnitRecord> OfProject(string projectId) => table.Where(UnitFields.ProjectId, projectId);

    public IEnumerable<UnitRecord> OfStage(string projectId, int stage) => OfProject(projectId).Where(u => u.Stage == stage);

    public IEnumerable<UnitRecord> VerifiedOf(string projectId) => OfProject(projectId).Where(u => u.State == UnitState.Verified);

    public int Count() => table.Count();

    public int CountOf(string projectId) => table.Count(UnitFields.ProjectId, projectId);

    /// <summary>Units with results not yet judged, at most <paramref name="limit"/>.</summary>
    public IEnumerable<UnitRecord> NeedingJudging(int limit = int.MaxValue) => table.Where(UnitFields.NeedsJudging, true, limit);

    public int CountNeedingJudging() => table.Count(UnitFields.NeedsJudging, true);

    public IEnumerable<UnitRecord> WithSpotCheck(SpotCheckState state) => table.Where(UnitFields.SpotCheck, state);

    public bool AnyWithSpotCheck(SpotCheckState state) => table.Any(UnitFields.SpotCheck, state);

    /// <summary>Active units that want replicas (what the in-memory queue mirrors).</summary>
    public IEnumerable<UnitRecord> WantingReplicas() =>
        table.Where(UnitFields.State, UnitState.Active).Where(u => u.OpenSlots > 0);

    public IReadOnlyDictionary<UnitState, int> CountByState() => table.CountBy<UnitState>(UnitFields.State);

    public bool AnyReferencing(string blob) => table.AnyReferencing(blob);
}
