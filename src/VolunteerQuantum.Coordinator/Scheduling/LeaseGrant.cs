using VolunteerQuantum.Coordinator.Storage;

namespace VolunteerQuantum.Coordinator.Scheduling;

/// <summary>A replica just leased to a host, with what the host needs to compute it.</summary>
public sealed record LeaseGrant(ReplicaRecord Replica, UnitRecord Unit, ProjectRecord Project);
