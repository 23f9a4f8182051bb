using System.Numerics;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Simulation.Fusion;

/// <summary>
/// Greedy gate fusion (in the spirit of qsim's multi-qubit fuser). A state vector is far larger than
/// any cache, so each kernel call is a full memory pass; fusion turns the gate list into as few passes
/// as it can. Gates are taken in circuit order; a gate joins the blocks that were last on each of its
/// qubits (merging them into one) when the union stays within the size limit and no dependency path
/// runs between those blocks through another block (merging them would then need that block both
/// before and after the merged one). Otherwise it starts a new block. Blocks of diagonal gates only
/// may grow to <see cref="FusionOptions.MaxDiagonalQubits"/> and stay diagonal (one multiply per
/// amplitude); a diagonal block that takes a non-diagonal gate must fit the dense limit. Gates on too
/// many qubits (e.g. c4x with a 5-qubit limit) stay controlled gates on their own.
/// Barriers are not seen here (they carry no semantics for simulation), so fusion crosses them, as qsim's does.
/// The result is exact: each block's matrix is the product of its gates.
/// </summary>
public sealed class GateFuser(FusionOptions options)
{
    public FusionOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public IReadOnlyList<FusedGate> Fuse(IReadOnlyList<GateOperation> gates, int qubits)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var units = new List<FusedGate>(gates.Count);
        var phase = Complex.One;
        foreach (var gate in gates)
        {
            var unit = GateConversion.ToFused(gate, Options.MaxDiagonalQubits);
            if (unit.Targets.Count == 0 && unit.Controls.Count == 0)
            {
                phase *= unit.Matrix[0];
            }
            else
            {
                units.Add(unit);
            }
        }
        var fused = Options.MaxFusedQubits <= 0 ? units : FuseUnits(units, qubits);
        return ApplyGlobalPhase(fused, phase);
    }

    private List<FusedGate> FuseUnits(List<FusedGate> units, int qubits)
    {
        var last = new FusionBlock?[qubits];
        var blocks = new List<FusionBlock>();
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var unitQubits = unit.Qubits.ToArray();
            var diagonal = unit.Kind == FusedGateKind.Diagonal;
            var fusable = unitQubits.Length <= Options.MaxFusedQubits || (diagonal && unitQubits.Length <= Options.MaxDiagonalQubits);
            var previous = unitQubits.Select(q => last[q]).OfType<FusionBlock>().Distinct().ToList();
            FusionBlock block;
            if (fusable && CanMerge(previous, unitQubits, diagonal))
            {
                block = previous[0];
                for (var j = 1; j < previous.Count; j++)
                {
                    Absorb(block, previous[j], last);
                }
                block.Members.Add(i);
                block.Qubits.UnionWith(unitQubits);
                block.DiagonalOnly &= diagonal;
            }
            else
            {
                block = new FusionBlock(blocks.Count, i, unitQubits, diagonal, !fusable);
                blocks.Add(block);
                foreach (var p in previous)
                {
                    p.Successors.Add(block);
                    block.Predecessors.Add(p);
                }
            }
            foreach (var q in unitQubits)
            {
                last[q] = block;
            }
        }
        return Emit(blocks, units);
    }

    private bool CanMerge(List<FusionBlock> previous, int[] unitQubits, bool diagonal)
    {
        if (previous.Count == 0 || previous.Any(b => b.Closed))
        {
            return false;
        }
        var union = new HashSet<int>(unitQubits);
        foreach (var b in previous)
        {
            union.UnionWith(b.Qubits);
        }
        var diagonalOnly = diagonal && previous.All(b => b.DiagonalOnly);
        var limit = diagonalOnly ? Options.MaxDiagonalQubits : Options.LimitFor(union);
        return union.Count <= limit && (previous.Count == 1 || NoPathBetween(previous));
    }

    /// <summary>True when no block of <paramref name="set"/> reaches another through a block outside the set.</summary>
    private static bool NoPathBetween(List<FusionBlock> set)
    {
        var members = set.ToHashSet();
        var visited = new HashSet<FusionBlock>();
        var stack = new Stack<FusionBlock>();
        foreach (var start in set)
        {
            foreach (var s in start.Successors)
            {
                if (!members.Contains(s) && visited.Add(s))
                {
                    stack.Push(s);
                }
            }
        }
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var s in node.Successors)
            {
                if (members.Contains(s))
                {
                    return false;
                }
                if (visited.Add(s))
                {
                    stack.Push(s);
                }
            }
        }
        return true;
    }

    private static void Absorb(FusionBlock into, FusionBlock other, FusionBlock?[] last)
    {
        into.Members.AddRange(other.Members);
        into.Qubits.UnionWith(other.Qubits);
        into.DiagonalOnly &= other.DiagonalOnly;
        foreach (var s in other.Successors)
        {
            s.Predecessors.Remove(other);
            if (s != into)
            {
                s.Predecessors.Add(into);
                into.Successors.Add(s);
            }
        }
        foreach (var p in other.Predecessors)
        {
            p.Successors.Remove(other);
            if (p != into)
            {
                p.Successors.Add(into);
                into.Predecessors.Add(p);
            }
        }
        into.Successors.Remove(other);
        into.Predecessors.Remove(other);
        other.Alive = false;
        foreach (var q in other.Qubits)
        {
            if (last[q] == other)
            {
                last[q] = into;
            }
        }
    }

    /// <summary>Blocks in a topological order, earliest first gate first.</summary>
    private static List<FusedGate> Emit(List<FusionBlock> blocks, List<FusedGate> units)
    {
        var alive = blocks.Where(b => b.Alive).ToList();
        var remaining = alive.ToDictionary(b => b, b => b.Predecessors.Count);
        var ready = new PriorityQueue<FusionBlock, int>();
        foreach (var b in alive.Where(b => b.Predecessors.Count == 0))
        {
            ready.Enqueue(b, b.Members.Min());
        }
        var result = new List<FusedGate>(alive.Count);
        while (ready.TryDequeue(out var block, out _))
        {
            result.Add(Build(block, units));
            foreach (var s in block.Successors)
            {
                if (--remaining[s] == 0)
                {
                    ready.Enqueue(s, s.Members.Min());
                }
            }
        }
        if (result.Count != alive.Count)
        {
            throw new InvalidOperationException("gate fusion produced a cyclic block graph");
        }
        return result;
    }

    private static FusedGate Build(FusionBlock block, List<FusedGate> units)
    {
        if (block.Members.Count == 1)
        {
            return units[block.Members[0]];
        }
        block.Members.Sort();
        var qubits = block.Qubits.Order().ToArray();
        var members = block.Members.Select(m => units[m]);
        return block.DiagonalOnly
            ? new FusedGate(FusedGateKind.Diagonal, qubits, BlockMatrix.Diagonal(qubits, members), sourceGateCount: block.Members.Count)
            : new FusedGate(FusedGateKind.Dense, qubits, BlockMatrix.Dense(qubits, members), sourceGateCount: block.Members.Count);
    }

    private static List<FusedGate> ApplyGlobalPhase(List<FusedGate> gates, Complex phase)
    {
        if (phase == Complex.One)
        {
            return gates;
        }
        if (gates.Count > 0 && gates[0].Kind != FusedGateKind.Controlled)
        {
            var first = gates[0];
            gates[0] = new FusedGate(first.Kind, first.Targets, first.Matrix.Select(e => e * phase).ToArray(), sourceGateCount: first.SourceGateCount);
            return gates;
        }
        gates.Insert(0, new FusedGate(FusedGateKind.Diagonal, [], [phase]));
        return gates;
    }
}
