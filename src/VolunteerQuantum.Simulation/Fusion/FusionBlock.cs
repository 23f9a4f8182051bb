namespace VolunteerQuantum.Simulation.Fusion;

/// <summary>A block under construction in <see cref="GateFuser"/>: a node of the block dependency graph.</summary>
internal sealed class FusionBlock(int id, int gate, IEnumerable<int> qubits, bool diagonalOnly, bool closed)
{
    public int Id { get; } = id;

    /// <summary>Gate indices (circuit order is a valid order to multiply them in).</summary>
    public List<int> Members { get; } = [gate];

    public HashSet<int> Qubits { get; } = [.. qubits];

    public bool DiagonalOnly { get; set; } = diagonalOnly;

    /// <summary>A gate too large to fuse: the block never grows.</summary>
    public bool Closed { get; } = closed;

    public HashSet<FusionBlock> Successors { get; } = [];

    public HashSet<FusionBlock> Predecessors { get; } = [];

    public bool Alive { get; set; } = true;
}
