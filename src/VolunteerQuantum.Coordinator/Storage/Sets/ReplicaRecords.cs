using VolunteerQuantum.Coordinator.Storage.Backends;
using static VolunteerQuantum.Coordinator.Storage.Backends.StoreTables;

namespace VolunteerQuantum.Coordinator.Storage.Sets;

/// <summary>
/// The replicas, by the questions the grid asks of them. Changes go through
/// <see cref="GridStore.SaveReplica"/> or <see cref="GridStore.SaveRenewal"/>, which keep the
/// lease cache true.
/// </summary>
public sealed class ReplicaRecords(IRecordTable<ReplicaRecord> table)
{
    internal IRecordTable<ReplicaRecord> Table => table;

    public ReplicaRecord? FindById(string id) => table.Find(id);

    public void Insert(ReplicaRecord replica) => table.Insert(replica);

    public IEnumerable<ReplicaRecord> OfUnit(string unitId) => table.Where(ReplicaFields.UnitId, unitId);

    public IEnumerable<ReplicaRecord> OfProject(string projectId) => table.Where(ReplicaFields.ProjectId, projectId);

    public IEnumerable<ReplicaRecord> OfHost(string hostId) => table.Where(ReplicaFields.HostId, hostId);

    public IEnumerable<ReplicaRecord> InProgress() => table.Where(ReplicaFields.State, ReplicaState.InProgress);

    public IEnumerable<ReplicaRecord> InProgressOfHost(string hostId) => OfHost(hostId).Where(r => r.State == ReplicaState.InProgress);

    public IEnumerable<ReplicaRecord> InProgressOfProject(string projectId) => OfProject(projectId).Where(r => r.State == ReplicaState.InProgress);

    public bool AnyInProgressOfHost(string hostId) => InProgressOfHost(hostId).Any();

    public int Count() => table.Count();

    public IReadOnlyDictionary<ReplicaState, int> CountByState() => table.CountBy<ReplicaState>(ReplicaFields.State);

    public bool AnyReferencing(string blob) => table.AnyReferencing(blob);
}
