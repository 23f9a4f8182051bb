namespace VolunteerQuantum.Circuits.Model;

/// <summary>
/// How a circuit can be simulated: either every measurement is terminal (apply all gates, then
/// sample every shot from the one final state), or the circuit is dynamic and needs per-shot
/// branching (a gate or reset after a measurement on the same qubit, a reset after use, an <c>if</c>).
/// </summary>
public sealed class CircuitStructure
{
    private CircuitStructure(bool isDynamic, IReadOnlyList<MeasureOperation> terminalMeasurements, int dynamicStart)
    {
        IsDynamic = isDynamic;
        TerminalMeasurements = terminalMeasurements;
        DynamicStart = dynamicStart;
    }

    public bool IsDynamic { get; }

    /// <summary>For a non-dynamic circuit, its measurements in program order (all terminal).</summary>
    public IReadOnlyList<MeasureOperation> TerminalMeasurements { get; }

    /// <summary>
    /// Index of the first operation that is not a gate, barrier or no-op reset: operations before it
    /// form a unitary prefix that per-shot branching computes once and reuses.
    /// </summary>
    public int DynamicStart { get; }

    public static CircuitStructure Analyze(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var ops = circuit.Operations;
        var touched = new bool[circuit.QubitCount];
        var measured = new bool[circuit.QubitCount];
        var terminal = new List<MeasureOperation>();
        var dynamicStart = -1;
        var isDynamic = false;
        for (var i = 0; i < ops.Count && !isDynamic; i++)
        {
            switch (ops[i])
            {
                case BarrierOperation:
                    break;
                case GateOperation g:
                    isDynamic = g.Qubits.Any(q => measured[q]);
                    foreach (var q in g.Qubits)
                    {
                        touched[q] = true;
                    }
                    break;
                case ResetOperation r:
                    // Resetting a qubit nothing has touched leaves |0⟩ as it is.
                    isDynamic = touched[r.Qubit] || measured[r.Qubit];
                    break;
                case MeasureOperation m:
                    terminal.Add(m);
                    measured[m.Qubit] = true;
                    touched[m.Qubit] = true;
                    dynamicStart = dynamicStart < 0 ? i : dynamicStart;
                    break;
                default:
                    isDynamic = true;
                    break;
            }
            if (isDynamic && dynamicStart < 0)
            {
                dynamicStart = i;
            }
        }
        return isDynamic
            ? new CircuitStructure(true, [], dynamicStart)
            : new CircuitStructure(false, terminal, dynamicStart < 0 ? ops.Count : dynamicStart);
    }
}
