using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Simulation.Noise;

/// <summary>
/// The shape of a noisy program for trajectories: where its terminal part starts (measurements, barriers
/// and the channels just before measurements, from which all shots of a trajectory are sampled at once),
/// and whether anything before it measures or branches (then each trajectory is one shot).
/// </summary>
internal sealed record TrajectoryProgram(IReadOnlyList<Operation> Operations, int TerminalStart, bool IsDynamic, IReadOnlyList<MeasureOperation> TerminalMeasurements)
{
    public static TrajectoryProgram Analyze(Circuit circuit)
    {
        var ops = circuit.Operations;
        // Walk back while the suffix stays terminal: measurements of distinct qubits, barriers, and
        // channels on qubits not measured later in the suffix (so they commute past those measurements).
        var measuredLater = new HashSet<int>();
        var start = ops.Count;
        for (var i = ops.Count - 1; i >= 0; i--)
        {
            var ok = ops[i] switch
            {
                MeasureOperation m => measuredLater.Add(m.Qubit),
                BarrierOperation => true,
                ChannelOperation c => c.Qubits.All(q => !measuredLater.Contains(q)),
                _ => false,
            };
            if (!ok)
            {
                break;
            }
            start = i;
        }
        // Channels at the start of the suffix that no measurement follows on their qubits belong to the body.
        var dynamic = ops.Take(start).Any(o => o is MeasureOperation or ConditionalOperation);
        var terminal = ops.Skip(start).OfType<MeasureOperation>().ToArray();
        return new TrajectoryProgram(ops, start, dynamic, terminal);
    }
}
