using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>Collects one half's segments and cut terms while the builder walks the circuit.</summary>
internal sealed class PathHalfBuilder
{
    private readonly List<IReadOnlyList<GateOperation>> _segments = [];
    private readonly List<IReadOnlyList<IReadOnlyList<GateOperation>>> _terms = [];

    /// <summary>The segment being filled (after the last cut gate so far).</summary>
    public List<GateOperation> Segment { get; private set; } = [];

    /// <summary>Ends the current segment at a cut gate whose terms on this half are given.</summary>
    public void Cut(IEnumerable<GateOperation[]> terms)
    {
        _segments.Add(Segment);
        _terms.Add(terms.ToArray());
        Segment = [];
    }

    public PathHalf Build(IReadOnlyList<int> qubits) => new(qubits, [.. _segments, Segment], _terms);
}
