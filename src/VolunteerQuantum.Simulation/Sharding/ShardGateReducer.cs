using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Simulation.Sharding;

/// <summary>
/// What a gate means inside one shard: the top <c>globalQubits</c> index bits are fixed to the shard's
/// index, so qubits ≥ localQubits are constants there. A control on a global qubit is either satisfied
/// (dropped) or not (the gate is the identity in this shard: null). A diagonal gate's global targets are
/// fixed bits: it becomes a diagonal on its local targets (possibly a 0-target phase). A non-diagonal
/// target on a global qubit cannot run inside a shard: the planner must have swapped it local first.
/// </summary>
public sealed class ShardGateReducer
{
    public ShardGateReducer(int localQubits, int globalQubits, long shardIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localQubits);
        ArgumentOutOfRangeException.ThrowIfNegative(globalQubits);
        if (shardIndex < 0 || shardIndex >= 1L << globalQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(shardIndex), shardIndex, $"a shard index needs {globalQubits} bits");
        }
        LocalQubits = localQubits;
        GlobalQubits = globalQubits;
        ShardIndex = shardIndex;
    }

    public int LocalQubits { get; }

    public int GlobalQubits { get; }

    public long ShardIndex { get; }

    /// <summary>Global index of the shard's first amplitude: the fixed high bits.</summary>
    public long GlobalIndexBase => ShardIndex << LocalQubits;

    /// <summary>
    /// True when <paramref name="gate"/> can run inside shards with <paramref name="localQubits"/> local qubits
    /// (every non-diagonal target is local): the planner's test for where a stage must end.
    /// </summary>
    public static bool IsShardLocal(GateOperation gate, int localQubits)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return gate.IsDiagonal || gate.Targets.All(q => q < localQubits);
    }

    /// <summary>The gate restricted to this shard, or null when it acts as the identity here.</summary>
    /// <exception cref="InvalidOperationException">A non-diagonal gate targets a global qubit.</exception>
    public GateOperation? Reduce(GateOperation gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var controls = new List<int>();
        var values = new List<bool>();
        for (var i = 0; i < gate.Controls.Count; i++)
        {
            var q = gate.Controls[i];
            CheckQubit(q, gate);
            if (q < LocalQubits)
            {
                controls.Add(q);
                values.Add(gate.ControlValues[i]);
            }
            else if (GlobalBit(q) != gate.ControlValues[i])
            {
                return null;
            }
        }
        var globalTargets = new List<int>();
        for (var j = 0; j < gate.Targets.Count; j++)
        {
            CheckQubit(gate.Targets[j], gate);
            if (gate.Targets[j] >= LocalQubits)
            {
                globalTargets.Add(j);
            }
        }
        if (globalTargets.Count == 0)
        {
            return controls.Count == gate.Controls.Count ? gate : new GateOperation(gate.Name, gate.Matrix, gate.Targets, controls, values, gate.Parameters);
        }
        if (!gate.IsDiagonal)
        {
            var q = gate.Targets[globalTargets[0]];
            throw new InvalidOperationException(
                $"gate '{gate.Name}' is not diagonal and targets global qubit {q} (local qubits are 0..{LocalQubits - 1}): the planner must swap it local before this stage");
        }
        // Keep the local targets; the global targets' bits come from the shard index.
        var localTargets = new List<int>();
        var localIdx = new List<int>();
        long fixedPart = 0;
        for (var j = 0; j < gate.Targets.Count; j++)
        {
            var q = gate.Targets[j];
            if (q < LocalQubits)
            {
                localTargets.Add(q);
                localIdx.Add(j);
            }
            else if (GlobalBit(q))
            {
                fixedPart |= 1L << j;
            }
        }
        var diagonal = new Complex[1 << localTargets.Count];
        for (var m = 0; m < diagonal.Length; m++)
        {
            var full = fixedPart;
            for (var b = 0; b < localIdx.Count; b++)
            {
                full |= (long)((m >> b) & 1) << localIdx[b];
            }
            diagonal[m] = gate.Matrix[(int)full, (int)full];
        }
        return new GateOperation(gate.Name, GateMatrix.Diagonal(diagonal), localTargets, controls, values, gate.Parameters);
    }

    /// <summary>Reduces a gate list, dropping gates that are the identity in this shard.</summary>
    public IReadOnlyList<GateOperation> Reduce(IEnumerable<GateOperation> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var result = new List<GateOperation>();
        foreach (var gate in gates)
        {
            if (Reduce(gate) is { } reduced)
            {
                result.Add(reduced);
            }
        }
        return result;
    }

    private bool GlobalBit(int qubit) => ((ShardIndex >> (qubit - LocalQubits)) & 1) != 0;

    private void CheckQubit(int qubit, GateOperation gate)
    {
        if (qubit < 0 || qubit >= LocalQubits + GlobalQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(gate), $"gate '{gate.Name}' uses qubit {qubit} of a {LocalQubits + GlobalQubits}-qubit state");
        }
    }
}
