using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// Chooses the bipartition of the qubits for the <c>paths</c> strategy: fewest paths (Σ log2 of the
/// terms of the cut gates) with each half at most <c>maxHalfQubits</c> qubits. Circuits are usually
/// laid out with interacting qubits at nearby indices, so every contiguous split [0, nA) | [nA, n) is
/// scored first; the best few are then improved by Kernighan–Lin local search (passes of single-qubit
/// moves and pair swaps between the halves, see <see cref="Improve"/>). Deterministic:
/// the same circuit and bound always give the same cut.
/// </summary>
public static class CutPlanner
{
    /// <summary>Contiguous splits that local search starts from.</summary>
    private const int Starts = 3;

    /// <summary>Relative tolerance of the decompositions whose term counts are scored.</summary>
    public const double Tolerance = 1e-12;

    /// <returns>
    /// The cheapest cut found, or null when no cut fits (fewer than 2 qubits, more than 2 × maxHalfQubits, a
    /// crossing gate that cannot be split) or the circuit is not unitary apart from terminal measurements.
    /// </returns>
    public static CutPlan? Plan(Circuit circuit, int maxHalfQubits)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHalfQubits, 1);
        var n = circuit.QubitCount;
        if (UnitaryGates.Of(circuit) is not { } gates || n < 2 || n > 2 * maxHalfQubits)
        {
            return null;
        }
        var cost = new CutCost(gates, n, Tolerance);
        var minA = Math.Max(1, n - maxHalfQubits);
        var maxA = Math.Min(maxHalfQubits, n - 1);
        var starts = Enumerable.Range(minA, maxA - minA + 1)
            .Select(nA => (Split: Contiguous(n, nA), Score: cost.Total(Contiguous(n, nA))))
            .OrderBy(s => s.Score.Unsplittable).ThenBy(s => s.Score.Log2Paths).ThenBy(s => Imbalance(s.Split)).ThenBy(s => s.Split.Count(a => a))
            .Take(Starts)
            .ToList();
        bool[]? best = null;
        var bestScore = CutScore.Zero;
        foreach (var (split, score) in starts)
        {
            var improved = Improve(cost, split, score, minA, maxA);
            if (best is null || improved.IsBetterThan(bestScore)
                || (!bestScore.IsBetterThan(improved) && Imbalance(split) < Imbalance(best)))
            {
                (best, bestScore) = (split, improved);
            }
        }
        return best is not null && bestScore.IsFeasible ? Describe(gates, cost, best) : null;
    }

    private static bool[] Contiguous(int n, int nA) => Enumerable.Range(0, n).Select(q => q < nA).ToArray();

    /// <summary>Balanced halves need the least memory (2^nA + 2^nB), so they win ties.</summary>
    private static int Imbalance(bool[] inA) => Math.Abs((2 * inA.Count(a => a)) - inA.Length);

    /// <summary>
    /// Kernighan–Lin passes: within a pass, repeatedly make the best move or swap among qubits not yet moved in
    /// that pass, even one that costs more (this is how the search leaves plateaus and shallow minima), then
    /// keep the prefix of the pass with the lowest cost. Stops when a pass improves nothing.
    /// </summary>
    private static CutScore Improve(CutCost cost, bool[] inA, CutScore score, int minA, int maxA)
    {
        var n = inA.Length;
        for (var pass = 0; pass < n; pass++)
        {
            var locked = new bool[n];
            var moves = new List<int[]>();
            var total = CutScore.Zero;
            var bestTotal = CutScore.Zero;
            var bestLength = 0;
            while (BestMove(cost, inA, locked, minA, maxA) is ({ } move, var delta))
            {
                Apply(inA, move);
                foreach (var q in move)
                {
                    locked[q] = true;
                }
                moves.Add(move);
                total += delta;
                if (total.IsBetterThan(bestTotal))
                {
                    (bestTotal, bestLength) = (total, moves.Count);
                }
            }
            for (var m = moves.Count - 1; m >= bestLength; m--)
            {
                Apply(inA, moves[m]);
            }
            if (bestLength == 0)
            {
                break;
            }
            score += bestTotal;
        }
        return score;
    }

    /// <summary>The cheapest single-qubit move (within the size bounds) or swap among unlocked qubits; null when none is left.</summary>
    private static (int[]? Move, CutScore Delta) BestMove(CutCost cost, bool[] inA, bool[] locked, int minA, int maxA)
    {
        var n = inA.Length;
        var sizeA = inA.Count(a => a);
        int[]? best = null;
        var bestDelta = CutScore.Zero;
        for (var q = 0; q < n; q++)
        {
            var newSizeA = inA[q] ? sizeA - 1 : sizeA + 1;
            if (!locked[q] && newSizeA >= minA && newSizeA <= maxA)
            {
                Consider([q]);
            }
        }
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                if (inA[a] && !inA[b] && !locked[a] && !locked[b])
                {
                    Consider([a, b]);
                }
            }
        }
        return (best, bestDelta);

        void Consider(int[] move)
        {
            var delta = cost.Delta(inA, move);
            if (best is null || delta.IsBetterThan(bestDelta))
            {
                (best, bestDelta) = (move, delta);
            }
        }
    }

    private static void Apply(bool[] inA, int[] move)
    {
        foreach (var q in move)
        {
            inA[q] = !inA[q];
        }
    }

    private static CutPlan Describe(IReadOnlyList<GateOperation> gates, CutCost cost, bool[] inA)
    {
        var qubitsA = Enumerable.Range(0, inA.Length).Where(q => inA[q]).ToArray();
        var qubitsB = Enumerable.Range(0, inA.Length).Where(q => !inA[q]).ToArray();
        var cut = Enumerable.Range(0, gates.Count).Where(g => cost.Crosses(g, inA)).ToArray();
        var terms = cut.Select(g => cost.Terms(g, inA)).ToArray();
        var log2 = terms.Sum(t => Math.Log2(t));
        var paths = terms.Aggregate(1.0, (p, t) => p * t);
        var names = cut.Select(g => gates[g].Name.ToUpperInvariant()).GroupBy(name => name)
            .Select(group => $"{group.Key} ×{group.Count()}");
        var gateText = cut.Length == 0 ? "" : $" ({string.Join(", ", names)})";
        var pathText = paths <= 1e15 ? $"{paths:N0} path{(paths == 1 ? "" : "s")}" : $"2^{log2:F1} paths";
        return new CutPlan
        {
            QubitsA = qubitsA,
            QubitsB = qubitsB,
            CutGates = cut.Length,
            TermsPerCut = terms,
            PathCount = paths,
            Log2PathCount = log2,
            Description = $"A = {Ranges(qubitsA)}, B = {Ranges(qubitsB)}; {cut.Length} cut gate{(cut.Length == 1 ? "" : "s")}{gateText}, {pathText}",
        };
    }

    /// <summary>"q0..q19" or "q0..q3, q7": runs of consecutive qubits.</summary>
    private static string Ranges(int[] qubits)
    {
        var parts = new List<string>();
        for (var i = 0; i < qubits.Length;)
        {
            var j = i;
            while (j + 1 < qubits.Length && qubits[j + 1] == qubits[j] + 1)
            {
                j++;
            }
            parts.Add(j == i ? $"q{qubits[i]}" : $"q{qubits[i]}..q{qubits[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }
}
