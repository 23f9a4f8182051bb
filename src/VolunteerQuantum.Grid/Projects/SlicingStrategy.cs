namespace VolunteerQuantum.Grid.Projects;

/// <summary>How a project is cut into work units (DESIGN.md, "Slicing strategies").</summary>
public enum SlicingStrategy
{
    /// <summary>Let the planner choose.</summary>
    Auto,

    /// <summary>Each unit runs the whole circuit (a range of shots, or one sweep point).</summary>
    Whole,

    /// <summary>Distributed state vector: shards of 2^l amplitudes, staged between reshuffles.</summary>
    Shards,

    /// <summary>Hybrid Schrödinger–Feynman: ranges of paths over a cut.</summary>
    Paths,
}
