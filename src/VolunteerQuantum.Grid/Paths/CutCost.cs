using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// The planner's cost of a bipartition: Σ log2(terms) over the gates it cuts, with the exact term count
/// that <see cref="OperatorSchmidt"/> would give, cached per gate and per split of the gate's qubits
/// (a split and its mirror image have the same count, so they share an entry). Gates that cannot be
/// split at all are counted apart, so that any feasible cut beats any infeasible one.
/// </summary>
internal sealed class CutCost
{
    private readonly IReadOnlyList<GateOperation> _gates;
    private readonly List<int>[] _gatesOn;
    private readonly Dictionary<(int Gate, ulong Pattern), int> _terms = [];
    private readonly double _tolerance;

    public CutCost(IReadOnlyList<GateOperation> gates, int qubits, double tolerance)
    {
        _gates = gates;
        _tolerance = tolerance;
        _gatesOn = new List<int>[qubits];
        for (var q = 0; q < qubits; q++)
        {
            _gatesOn[q] = [];
        }
        for (var g = 0; g < gates.Count; g++)
        {
            // A gate on one qubit never crosses a cut.
            if (gates[g].Qubits.Count > 1)
            {
                foreach (var q in gates[g].Qubits)
                {
                    _gatesOn[q].Add(g);
                }
            }
        }
    }

    public int Qubits => _gatesOn.Length;

    /// <summary>Whether a gate crosses the cut.</summary>
    public bool Crosses(int gate, bool[] inA)
    {
        var qubits = _gates[gate].Qubits;
        return qubits.Count > 1 && qubits.Any(q => inA[q] != inA[qubits[0]]);
    }

    /// <summary>Terms of a gate under the cut: 1 when it does not cross, 0 when it cannot be split.</summary>
    public int Terms(int gate, bool[] inA)
    {
        if (!Crosses(gate, inA))
        {
            return 1;
        }
        var qubits = _gates[gate].Qubits;
        if (qubits.Count > 64)
        {
            return 0;
        }
        ulong pattern = 0;
        for (var j = 0; j < qubits.Count; j++)
        {
            pattern |= inA[qubits[j]] == inA[qubits[0]] ? 1UL << j : 0;
        }
        if (!_terms.TryGetValue((gate, pattern), out var terms))
        {
            terms = OperatorSchmidt.TryDecompose(_gates[gate], q => inA[q], _tolerance)?.Count ?? 0;
            _terms[(gate, pattern)] = terms;
        }
        return terms;
    }

    public CutScore Total(bool[] inA) => Sum(Enumerable.Range(0, _gates.Count), inA);

    /// <summary>How the score changes when the given qubits change side.</summary>
    public CutScore Delta(bool[] inA, ReadOnlySpan<int> flipped)
    {
        var affected = new HashSet<int>();
        foreach (var q in flipped)
        {
            affected.UnionWith(_gatesOn[q]);
        }
        var before = Sum(affected, inA);
        Flip(inA, flipped);
        var after = Sum(affected, inA);
        Flip(inA, flipped);
        return after - before;
    }

    private CutScore Sum(IEnumerable<int> gates, bool[] inA)
    {
        var score = CutScore.Zero;
        foreach (var g in gates)
        {
            var terms = Terms(g, inA);
            score += terms == 0 ? new CutScore(1, 0) : new CutScore(0, Math.Log2(terms));
        }
        return score;
    }

    private static void Flip(bool[] inA, ReadOnlySpan<int> qubits)
    {
        foreach (var q in qubits)
        {
            inA[q] = !inA[q];
        }
    }
}
