using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// The gate list that a path decomposition works on. Paths need one unitary circuit: terminal
/// measurements only say which amplitudes matter, barriers order nothing here, and a reset of a
/// qubit nothing has touched is a no-op; any other non-unitary operation rules the circuit out.
/// </summary>
internal static class UnitaryGates
{
    /// <summary>The circuit's gates in order, or null for a dynamic circuit.</summary>
    public static IReadOnlyList<GateOperation>? Of(Circuit circuit)
    {
        if (CircuitStructure.Analyze(circuit).IsDynamic)
        {
            return null;
        }
        var gates = new List<GateOperation>();
        foreach (var operation in circuit.Operations)
        {
            switch (operation)
            {
                case GateOperation gate:
                    gates.Add(gate);
                    break;
                case BarrierOperation or MeasureOperation or ResetOperation:
                    break;
                default:
                    return null;
            }
        }
        return gates;
    }
}
