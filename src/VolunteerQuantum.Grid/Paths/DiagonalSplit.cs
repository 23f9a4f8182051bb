using System.Numerics;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// A diagonal gate (cz, cp, crz, rzz, ccz…) across the cut: D = Σ_c |c⟩⟨c| ⊗ D_c over the values c of one
/// side's bits, where D_c is the other side's diagonal with those bits fixed. Values giving the same D_c
/// share one term (their projectors add up), so a many-control phase is still two terms. Both sides are
/// tried; the one with fewer distinct D_c wins.
/// </summary>
internal static class DiagonalSplit
{
    /// <summary>Largest diagonal gate (controls included) enumerated entry by entry.</summary>
    private const int MaxQubits = 16;

    public static IReadOnlyList<(GateOperation A, GateOperation B)>? TryDecompose(GateOperation gate, Func<int, bool> isInA, double tolerance)
    {
        var qubits = GateEmbedding.Qubits(gate);
        if (!gate.IsDiagonal || qubits.Length > MaxQubits)
        {
            return null;
        }
        var diagonal = GateEmbedding.FullDiagonal(gate);
        var inA = Enumerable.Range(0, qubits.Length).Where(j => isInA(qubits[j])).ToArray();
        var inB = Enumerable.Range(0, qubits.Length).Where(j => !isInA(qubits[j])).ToArray();
        var byA = Groups(diagonal, inA, inB, tolerance);
        var byB = Groups(diagonal, inB, inA, tolerance);
        // Fewer terms first; on a tie condition on the smaller side (smaller projector matrices).
        var conditionOnA = byA.Count < byB.Count || (byA.Count == byB.Count && inA.Length <= inB.Length);
        var (groups, conditioned, other) = conditionOnA ? (byA, inA, inB) : (byB, inB, inA);
        var conditionedQubits = conditioned.Select(j => qubits[j]).ToArray();
        var otherQubits = other.Select(j => qubits[j]).ToArray();
        var terms = groups.Select((g, k) =>
        {
            var projector = new Complex[1 << conditioned.Length];
            foreach (var c in g.Values)
            {
                projector[c] = Complex.One;
            }
            return (SchmidtTerms.Diagonal($"{gate.Name}.p{k}", projector, conditionedQubits),
                SchmidtTerms.Diagonal($"{gate.Name}.d{k}", g.Diagonal, otherQubits));
        });
        return SchmidtTerms.Ordered(terms, firstIsA: conditionOnA);
    }

    /// <summary>The other side's diagonal for each value of the conditioned bits, equal ones merged.</summary>
    private static List<(List<int> Values, Complex[] Diagonal)> Groups(Complex[] diagonal, int[] conditioned, int[] other, double tolerance)
    {
        var scale = Math.Max(1, diagonal.Max(Complex.Abs));
        var groups = new List<(List<int> Values, Complex[] Diagonal)>();
        for (var c = 0; c < 1 << conditioned.Length; c++)
        {
            var d = new Complex[1 << other.Length];
            for (var x = 0; x < d.Length; x++)
            {
                d[x] = diagonal[Scatter(c, conditioned) | Scatter(x, other)];
            }
            var same = groups.FindIndex(g => MaxDifference(g.Diagonal, d) <= tolerance * scale);
            if (same >= 0)
            {
                groups[same].Values.Add(c);
            }
            else
            {
                groups.Add(([c], d));
            }
        }
        return groups;
    }

    /// <summary>Places bit b of <paramref name="value"/> at bit positions[b].</summary>
    internal static int Scatter(int value, int[] positions)
    {
        var result = 0;
        for (var b = 0; b < positions.Length; b++)
        {
            result |= ((value >> b) & 1) << positions[b];
        }
        return result;
    }

    private static double MaxDifference(Complex[] a, Complex[] b)
    {
        var worst = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Complex.Abs(a[i] - b[i]));
        }
        return worst;
    }
}
