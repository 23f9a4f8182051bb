namespace VolunteerQuantum.Grid.Execution;

/// <summary>The resources a volunteer lends to one unit.</summary>
public sealed record ExecutionLimits
{
    /// <summary>Threads for the simulation (0: all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Most bytes the state may take (0: the engine's default share of memory).</summary>
    public long MaxMemoryBytes { get; init; }
}
