namespace VolunteerQuantum.Grid.Planning;

/// <summary>What the planner knows of the grid when a project arrives.</summary>
public sealed record PlanningContext
{
    /// <summary>Memory budget of the largest registered volunteer, in bytes (0: none known).</summary>
    public long LargestVolunteerMemory { get; init; }

    /// <summary>Reads includes of submitted circuits; null forbids includes other than the built-in ones.</summary>
    public Func<string, string>? IncludeReader { get; init; }
}
