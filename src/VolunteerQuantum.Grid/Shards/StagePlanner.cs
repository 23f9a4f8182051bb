using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Shards;

/// <summary>
/// Cuts a circuit's gates into stages of a distributed state vector (DESIGN.md, `shards`). Within
/// a stage every shard applies its gates alone: non-diagonal targets must be local, while
/// diagonal gates and controls may touch global qubits (a global bit is a constant in a shard).
/// A non-diagonal gate on a global qubit ends the stage: the planner brings in the global qubits
/// needed soonest and evicts the local ones needed latest (Belady's rule), first moving the evicted
/// ones to the top local bits with SWAP gates so that the reshuffle is a block transposition.
/// </summary>
public static class StagePlanner
{
    /// <param name="gates">The circuit's unitary gates, on logical qubits.</param>
    /// <param name="qubits">Qubits of the circuit.</param>
    /// <param name="localQubits">Qubits per shard (l); 2^(qubits−l) shards.</param>
    /// <param name="restoreOrder">
    /// End with logical qubit q at physical bit q for every local q and the other qubits global, so
    /// that the state can be written out shard after shard (in an order the final mapping gives).
    /// </param>
    public static ShardPlan Plan(IReadOnlyList<GateOperation> gates, int qubits, int localQubits, bool restoreOrder)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentOutOfRangeException.ThrowIfLessThan(localQubits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localQubits, qubits);
        var widest = gates.Where(g => !g.IsDiagonal).Select(g => g.Targets.Count).DefaultIfEmpty(0).Max();
        if (widest > localQubits)
        {
            throw new ArgumentException($"a gate has {widest} non-diagonal targets, more than the {localQubits} qubits of a shard", nameof(localQubits));
        }
        var mapping = InitialMapping(gates, qubits, localQubits);
        var stages = new List<ShardStage>();
        var swaps = 0;
        var remaining = gates.ToList();
        while (true)
        {
            var (now, later) = Executable(remaining, mapping, localQubits);
            var stageGates = now.Select(g => Translate(g, mapping)).ToList();
            if (later.Count == 0)
            {
                if (restoreOrder)
                {
                    (mapping, swaps) = Restore(stages, stageGates, mapping, localQubits, swaps);
                }
                else
                {
                    stages.Add(new ShardStage(stageGates, null));
                }
                break;
            }
            var needed = NeededGlobals(later, mapping, localQubits);
            var evicted = Evictions(later, mapping, localQubits, needed.Count);
            (mapping, var reshuffle, var added) = Exchange(stageGates, mapping, localQubits, needed, evicted);
            swaps += added;
            stages.Add(new ShardStage(stageGates, reshuffle));
            remaining = later;
        }
        return new ShardPlan
        {
            Qubits = qubits,
            LocalQubits = localQubits,
            Stages = stages,
            FinalMapping = mapping,
            SwapsAdded = swaps,
        };
    }

    /// <summary>Local slots go to the qubits whose first non-diagonal use comes earliest.</summary>
    private static QubitMapping InitialMapping(IReadOnlyList<GateOperation> gates, int qubits, int localQubits)
    {
        var firstUse = Enumerable.Repeat(int.MaxValue, qubits).ToArray();
        for (var i = gates.Count - 1; i >= 0; i--)
        {
            if (!gates[i].IsDiagonal)
            {
                foreach (var t in gates[i].Targets)
                {
                    firstUse[t] = i;
                }
            }
        }
        var order = Enumerable.Range(0, qubits).OrderBy(q => firstUse[q]).ThenBy(q => q).ToArray();
        var physical = new int[qubits];
        // Local qubits keep their relative order, as do global ones: fewer surprises when reading plans.
        var local = order.Take(localQubits).Order().ToArray();
        var global = order.Skip(localQubits).Order().ToArray();
        for (var i = 0; i < local.Length; i++)
        {
            physical[local[i]] = i;
        }
        for (var i = 0; i < global.Length; i++)
        {
            physical[global[i]] = localQubits + i;
        }
        return new QubitMapping(physical);
    }

    /// <summary>
    /// The gates that can run now: in circuit order, each gate whose qubits no earlier postponed gate
    /// touches, and whose non-diagonal targets are local. Gates on disjoint qubits commute, so the
    /// order within the stage and the postponed rest keep the circuit's meaning.
    /// </summary>
    private static (List<GateOperation> Now, List<GateOperation> Later) Executable(List<GateOperation> gates, QubitMapping mapping, int localQubits)
    {
        var now = new List<GateOperation>();
        var later = new List<GateOperation>();
        var blocked = new HashSet<int>();
        foreach (var gate in gates)
        {
            var runnable = !gate.Qubits.Any(blocked.Contains)
                && (gate.IsDiagonal || gate.Targets.All(t => mapping.PhysicalOf(t) < localQubits));
            if (runnable)
            {
                now.Add(gate);
            }
            else
            {
                later.Add(gate);
                blocked.UnionWith(gate.Qubits);
            }
        }
        return (now, later);
    }

    /// <summary>Global qubits that postponed gates need as non-diagonal targets, soonest first, at most one per local bit.</summary>
    private static List<int> NeededGlobals(List<GateOperation> later, QubitMapping mapping, int localQubits)
    {
        var limit = Math.Min(mapping.Qubits - localQubits, localQubits);
        var needed = new List<int>();
        foreach (var gate in later.Where(g => !g.IsDiagonal))
        {
            foreach (var t in gate.Targets)
            {
                if (mapping.PhysicalOf(t) >= localQubits && !needed.Contains(t) && needed.Count < limit)
                {
                    needed.Add(t);
                }
            }
        }
        return needed;
    }

    /// <summary>Belady: evict the local qubits whose next non-diagonal use is farthest away (or never).</summary>
    private static List<int> Evictions(List<GateOperation> later, QubitMapping mapping, int localQubits, int count)
    {
        var nextUse = new Dictionary<int, int>();
        for (var i = later.Count - 1; i >= 0; i--)
        {
            if (!later[i].IsDiagonal)
            {
                foreach (var t in later[i].Targets)
                {
                    nextUse[t] = i;
                }
            }
        }
        return Enumerable.Range(0, localQubits)
            .Select(mapping.LogicalAt)
            .OrderByDescending(q => nextUse.GetValueOrDefault(q, int.MaxValue))
            .ThenByDescending(mapping.PhysicalOf)
            .Take(count)
            .ToList();
    }

    /// <summary>
    /// Moves the evicted qubits to the top local bits with SWAP gates (appended to the stage), then
    /// pairs top local bit l−k+i with the global bit of needed[i].
    /// </summary>
    private static (QubitMapping Mapping, Reshuffle Reshuffle, int Swaps) Exchange(List<GateOperation> stageGates, QubitMapping mapping, int localQubits, List<int> needed, List<int> evicted)
    {
        var k = needed.Count;
        var top = Enumerable.Range(localQubits - k, k).ToList();
        var swaps = 0;
        var misplaced = new Queue<int>(evicted.Where(q => mapping.PhysicalOf(q) < localQubits - k));
        foreach (var slot in top)
        {
            if (evicted.Contains(mapping.LogicalAt(slot)))
            {
                continue;
            }
            var q = misplaced.Dequeue();
            stageGates.Add(SwapGate(mapping.PhysicalOf(q), slot));
            mapping = mapping.Swap(mapping.PhysicalOf(q), slot);
            swaps++;
        }
        var globalBits = needed.Select(mapping.PhysicalOf).ToList();
        for (var i = 0; i < k; i++)
        {
            mapping = mapping.Swap(localQubits - k + i, globalBits[i]);
        }
        return (mapping, new Reshuffle(globalBits), swaps);
    }

    /// <summary>Brings logical qubits 0…l−1 home: reshuffles for those that are global, then SWAPs to order them.</summary>
    private static (QubitMapping, int) Restore(List<ShardStage> stages, List<GateOperation> lastGates, QubitMapping mapping, int localQubits, int swaps)
    {
        var stageGates = lastGates;
        while (true)
        {
            var outside = Enumerable.Range(0, localQubits).Where(q => mapping.PhysicalOf(q) >= localQubits).Take(localQubits).ToList();
            if (outside.Count == 0)
            {
                break;
            }
            var evict = Enumerable.Range(0, localQubits).Select(mapping.LogicalAt).Where(q => q >= localQubits).Take(outside.Count).ToList();
            (mapping, var reshuffle, var added) = Exchange(stageGates, mapping, localQubits, outside, evict);
            swaps += added;
            stages.Add(new ShardStage(stageGates, reshuffle));
            stageGates = [];
        }
        for (var p = 0; p < localQubits; p++)
        {
            var q = mapping.LogicalAt(p);
            if (q != p)
            {
                // Logical p sits at some other local bit: swap it into place.
                var from = mapping.PhysicalOf(p);
                stageGates.Add(SwapGate(from, p));
                mapping = mapping.Swap(from, p);
                swaps++;
            }
        }
        stages.Add(new ShardStage(stageGates, null));
        return (mapping, swaps);
    }

    private static GateOperation Translate(GateOperation gate, QubitMapping mapping) =>
        new(gate.Name, gate.Matrix,
            gate.Targets.Select(mapping.PhysicalOf).ToArray(),
            gate.Controls.Select(mapping.PhysicalOf).ToArray(),
            gate.ControlValues);

    private static GateOperation SwapGate(int a, int b) => new("swap", StandardGates.Swap, [a, b]);
}
