namespace VolunteerQuantum.Grid.Units;

/// <summary>One work unit as the planner made it. Replicas of it go to different volunteers.</summary>
public sealed record WorkUnitSpec
{
    /// <summary>Position of the unit in its project (units are recombined in this order).</summary>
    public required int Index { get; init; }

    public required UnitKind Kind { get; init; }

    /// <summary>Which parameter point of the project this unit belongs to (0 without sweeps).</summary>
    public int Point { get; init; }

    /// <summary>Values bound to the circuit's <c>input float</c> parameters.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Memory the unit's state needs on a volunteer, in bytes.</summary>
    public required long MemoryBytes { get; init; }

    /// <summary>Work in amplitude updates (gates × amplitudes), to size leases from host speed.</summary>
    public required double Cost { get; init; }

    /// <summary>Gates the unit applies: sets the floating-point tolerance of comparisons.</summary>
    public required int GateCount { get; init; }

    public WholeUnitSpec? Whole { get; init; }

    public ShardUnitSpec? Shard { get; init; }

    public PathsUnitSpec? Paths { get; init; }
}
