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
        // channels (measure errors) that no measurement of their qubits precedes within the suffix, so
        // they can all be applied before the shots are sampled.
        var measured = new HashSet<int>();
        var channelAfter = new HashSet<int>();
        var start = ops.Count;
        for (var i = ops.Count - 1; i >= 0; i--)
        {
            if (ops[i] is ChannelOperation channel)
            {
                channelAfter.UnionWith(channel.Qubits);
            }
            else if (!(ops[i] is BarrierOperation || (ops[i] is MeasureOperation m && !channelAfter.Contains(m.Qubit) && measured.Add(m.Qubit))))
            {
                break;
            }
            start = i;
        }
        var dynamic = ops.Take(start).Any(o => o is not (GateOperation or ChannelOperation or BarrierOperation or ResetOperation));
        var terminal = ops.Skip(start).OfType<MeasureOperation>().ToArray();
        return new TrajectoryProgram(ops, start, dynamic, terminal);
    }
}
