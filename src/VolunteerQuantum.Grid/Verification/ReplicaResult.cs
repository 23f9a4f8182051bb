using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Grid.Verification;

/// <summary>A returned replica as the verifier sees it: who computed it and what it says.</summary>
public sealed record ReplicaResult(string ReplicaId, string HostId, UnitResult Result);
