namespace VolunteerQuantum.Grid.Planning;

/// <summary>What the planner knows of the grid when a project arrives.</summary>
public sealed record PlanningContext
{
    /// <summary>Memory budget of the largest registered volunteer, in bytes (0: none known).</summary>
    public long LargestVolunteerMemory { get; init; }

    /// <summary>The most units one project may have (the coordinator's Coordinator:MaxUnitsPerProject).</summary>
    public int MaxUnits { get; init; } = DefaultMaxUnits;

    /// <summary>The most memory one unit may need on this grid (Coordinator:MaxUnitMemoryBytes; 0: no ceiling).</summary>
    public long MaxUnitMemoryBytes { get; init; }

    /// <summary>
    /// The median measured speed of the registered volunteers, in amplitude updates per second (0: none
    /// measured; the lease policy's fallback speed is assumed). Sizes noisy units to about a minute each.
    /// </summary>
    public double MedianHostSpeed { get; init; }

    public const int DefaultMaxUnits = 100_000;

    /// <summary>Reads includes of submitted circuits; null forbids includes other than the built-in ones.</summary>
    public Func<string, string>? IncludeReader { get; init; }
}
