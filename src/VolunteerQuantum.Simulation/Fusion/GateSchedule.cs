namespace VolunteerQuantum.Simulation.Fusion;

/// <summary>
/// Orders fused gates into sweeps (cache blocking). Measured on the reference machine, one thread
/// computes a 2-qubit block about as fast as memory streams the state, so after fusion most of the
/// time is arithmetic plus one memory pass per gate. Gates whose qubits are all below
/// <see cref="ChunkQubits"/> ("chunk-local") can instead be applied to one cache-sized chunk after
/// another: a run of them then costs one memory pass in total. The schedule is a topological order of
/// the gates' dependency graph (gates sharing a qubit keep their order) that emits every ready
/// chunk-local gate before the next gate that needs the whole state, so runs grow as long as the
/// dependencies allow.
/// </summary>
public static class GateSchedule
{
    /// <summary>Amplitude bytes of one chunk: a quarter of a 1 MiB L2 leaves room for the coefficient tables.</summary>
    public const int ChunkBytes = 256 * 1024;

    /// <summary>log2 of the chunk size in amplitudes for a precision (float: 15, double: 14).</summary>
    public static int ChunkQubits(Precision precision) =>
        BitOperations.Log2((uint)(ChunkBytes / (precision == Precision.Single ? 8 : 16)));

    public static IReadOnlyList<FusedStep> Build(IReadOnlyList<FusedGate> gates, int qubits, int chunkQubits)
    {
        ArgumentNullException.ThrowIfNull(gates);
        if (qubits <= chunkQubits)
        {
            // The whole state is one chunk: one sweep applies everything.
            return gates.Count == 0 ? [] : [new FusedStep(gates, true)];
        }
        var local = gates.Select(g => g.Qubits.All(q => q < chunkQubits)).ToArray();
        var successors = new List<int>[gates.Count];
        var pending = new int[gates.Count];
        var last = new int[qubits];
        Array.Fill(last, -1);
        for (var i = 0; i < gates.Count; i++)
        {
            successors[i] = [];
            foreach (var q in gates[i].Qubits.Distinct())
            {
                if (last[q] >= 0 && !successors[last[q]].Contains(i))
                {
                    successors[last[q]].Add(i);
                    pending[i]++;
                }
                last[q] = i;
            }
        }
        var readyLocal = new PriorityQueue<int, int>();
        var readyGlobal = new PriorityQueue<int, int>();
        for (var i = 0; i < gates.Count; i++)
        {
            if (pending[i] == 0)
            {
                (local[i] ? readyLocal : readyGlobal).Enqueue(i, i);
            }
        }
        var steps = new List<FusedStep>();
        var run = new List<FusedGate>();
        while (readyLocal.Count > 0 || readyGlobal.Count > 0)
        {
            int next;
            if (readyLocal.Count > 0)
            {
                next = readyLocal.Dequeue();
                run.Add(gates[next]);
            }
            else
            {
                if (run.Count > 0)
                {
                    steps.Add(new FusedStep(run, true));
                    run = [];
                }
                next = readyGlobal.Dequeue();
                steps.Add(new FusedStep([gates[next]], false));
            }
            foreach (var s in successors[next])
            {
                if (--pending[s] == 0)
                {
                    (local[s] ? readyLocal : readyGlobal).Enqueue(s, s);
                }
            }
        }
        if (run.Count > 0)
        {
            steps.Add(new FusedStep(run, true));
        }
        return steps;
    }
}
