namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>The life of one replica (BOINC's "result"): leased, then returned and judged, or lost.</summary>
public enum ReplicaState
{
    /// <summary>Leased to a host that is computing it.</summary>
    InProgress,

    /// <summary>A successful result, waiting for the quorum.</summary>
    Returned,

    /// <summary>Agreed with the canonical result.</summary>
    Valid,

    /// <summary>Disagreed with the canonical result, or broke an invariant.</summary>
    Invalid,

    /// <summary>The volunteer reported that it could not compute the unit.</summary>
    Error,

    /// <summary>The lease expired.</summary>
    TimedOut,

    /// <summary>The volunteer gave the lease back (clean shutdown).</summary>
    Released,

    /// <summary>No longer wanted (unit verified or project ended) before it returned.</summary>
    Aborted,
}
