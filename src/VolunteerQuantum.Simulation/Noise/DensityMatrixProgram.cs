using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Noise;

namespace VolunteerQuantum.Simulation.Noise;

/// <summary>
/// A noisy circuit as gates on the doubled space of vec(ρ) (qubit q of the circuit is qubit q of the row
/// index and qubit q + n of the column index): a gate U becomes U on the row qubits and conj(U) on the
/// column qubits; a channel or reset its superoperator on both. The engine's fusion and kernels then
/// evolve ρ exactly as they evolve a 2n-qubit state.
/// </summary>
internal sealed record DensityMatrixProgram(IReadOnlyList<GateOperation> Gates, IReadOnlyList<MeasureOperation> Measurements)
{
    public static DensityMatrixProgram Build(Circuit circuit)
    {
        var n = circuit.QubitCount;
        var gates = new List<GateOperation>();
        var measurements = new List<MeasureOperation>();
        var measured = new HashSet<int>();
        foreach (var op in circuit.Operations)
        {
            if (op is not (MeasureOperation or BarrierOperation) && op.Qubits.Any(measured.Contains))
            {
                throw new InvalidOperationException(
                    $"the density-matrix method takes measurements at the end of the circuit; {Describe(op)} acts on a qubit measured before it: use trajectories (the state-vector method) for mid-circuit measurement");
            }
            switch (op)
            {
                case GateOperation gate when gate.Targets.Count > 0:
                    gates.Add(gate);
                    gates.Add(new GateOperation(gate.Name + "*", Superoperator.Conjugate(gate.Matrix), Shift(gate.Targets, n), Shift(gate.Controls, n), gate.ControlValues));
                    break;
                case GateOperation:
                    break; // a global phase cancels in ρ = |ψ⟩⟨ψ|
                case BarrierOperation:
                    break;
                case ChannelOperation channel:
                    gates.Add(Channel(channel.Error.Name, channel.Error.ToKraus().Operators, channel.ChannelQubits, n));
                    break;
                case ResetOperation reset:
                    gates.Add(Channel("reset", QuantumError.ResetOperators, [reset.Qubit], n));
                    break;
                case MeasureOperation measure:
                    if (!measured.Add(measure.Qubit))
                    {
                        throw new InvalidOperationException($"the density-matrix method measures each qubit once; qubit {measure.Qubit} is measured twice: use trajectories");
                    }
                    measurements.Add(measure);
                    break;
                case ConditionalOperation:
                    throw new InvalidOperationException("the density-matrix method cannot branch on measured bits (if): use trajectories (the state-vector method)");
                default:
                    throw new NotSupportedException($"operation {op} cannot be simulated");
            }
        }
        return new DensityMatrixProgram(gates, measurements);
    }

    private static GateOperation Channel(string name, IReadOnlyList<Circuits.Gates.GateMatrix> kraus, IReadOnlyList<int> qubits, int n) =>
        new(name, Superoperator.Of(kraus), [.. qubits, .. Shift(qubits, n)]);

    private static int[] Shift(IReadOnlyList<int> qubits, int n) => qubits.Select(q => q + n).ToArray();

    private static string Describe(Operation op) => op switch
    {
        GateOperation g => $"gate '{g.Name}'" + Line(op),
        ResetOperation => "a reset" + Line(op),
        ChannelOperation c => $"error '{c.Error.Name}'" + Line(op),
        ConditionalOperation => "an if" + Line(op),
        _ => op.GetType().Name,
    };

    private static string Line(Operation op) => op.Location is { } at ? $" (line {at.Line})" : "";
}
