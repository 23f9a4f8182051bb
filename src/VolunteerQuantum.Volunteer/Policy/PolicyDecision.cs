namespace VolunteerQuantum.Volunteer.Policy;

/// <summary>What the computing policy allows right now.</summary>
public sealed record PolicyDecision
{
    /// <summary>Why the daemon must not compute ("" when it may), several reasons joined by "; ".</summary>
    public string PausedReason { get; init; } = "";

    public bool MayCompute => PausedReason.Length == 0;

    /// <summary>Threads a unit may use now.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Bytes a unit's state may take now.</summary>
    public long MemoryBytes { get; init; }

    public bool Desktop { get; init; }

    /// <summary>Whether the user counts as idle (null: unknown).</summary>
    public bool? UserIdle { get; init; }

    /// <summary>Readings the policy had to do without, and what it did instead.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
