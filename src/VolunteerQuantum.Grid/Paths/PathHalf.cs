using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// One half of a path program, on local qubits 0..Qubits.Count−1 (local i is logical Qubits[i]).
/// Its circuit is Segments[0], then for each cut gate j one of Terms[j] (picked by the path), then
/// Segments[j+1]: the half's own gates in strict circuit order, split at the cut gates.
/// </summary>
public sealed class PathHalf
{
    public PathHalf(IReadOnlyList<int> qubits, IReadOnlyList<IReadOnlyList<GateOperation>> segments, IReadOnlyList<IReadOnlyList<IReadOnlyList<GateOperation>>> terms)
    {
        ArgumentNullException.ThrowIfNull(qubits);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(terms);
        if (segments.Count != terms.Count + 1)
        {
            throw new ArgumentException($"{terms.Count} cut gates need {terms.Count + 1} segments, got {segments.Count}", nameof(segments));
        }
        var gates = segments.SelectMany(s => s).Concat(terms.SelectMany(t => t).SelectMany(t => t));
        if (gates.SelectMany(g => g.Qubits).FirstOrDefault(q => q < 0 || q >= qubits.Count, -1) is var bad and >= 0)
        {
            throw new ArgumentException($"a gate uses local qubit {bad} of a {qubits.Count}-qubit half", nameof(segments));
        }
        if (terms.Any(t => t.Count == 0))
        {
            throw new ArgumentException("every cut gate needs at least one term", nameof(terms));
        }
        Qubits = qubits.ToArray();
        Segments = segments.Select(s => (IReadOnlyList<GateOperation>)s.ToArray()).ToArray();
        Terms = terms.Select(t => (IReadOnlyList<IReadOnlyList<GateOperation>>)t.Select(list => (IReadOnlyList<GateOperation>)list.ToArray()).ToArray()).ToArray();
    }

    /// <summary>Logical qubit of each local qubit, sorted.</summary>
    public IReadOnlyList<int> Qubits { get; }

    /// <summary>The half's own gates between cut gates: one more segment than cut gates.</summary>
    public IReadOnlyList<IReadOnlyList<GateOperation>> Segments { get; }

    /// <summary>Terms[j][k]: the gates of term k of cut gate j on this half (empty for the identity).</summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<GateOperation>>> Terms { get; }
}
