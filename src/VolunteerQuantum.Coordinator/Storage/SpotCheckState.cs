namespace VolunteerQuantum.Coordinator.Storage;

/// <summary>Whether a trusted verifier recomputes a verified unit before its project is delivered.</summary>
public enum SpotCheckState
{
    /// <summary>Not chosen.</summary>
    None,

    /// <summary>Chosen; waits for a trusted verifier.</summary>
    Pending,

    /// <summary>Leased to a trusted verifier.</summary>
    Running,

    /// <summary>The trusted verifier agreed with the canonical result.</summary>
    Passed,

    /// <summary>The trusted verifier disagreed: its result replaced the canonical one, and the hosts that agreed on it were recorded invalid.</summary>
    Failed,
}
