using System.Numerics;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// The general case: the operator Schmidt decomposition. U[(iA,iB),(jA,jB)] rearranged as the matrix
/// R[(iA,jA),(iB,jB)] has the SVD Σ_k σ_k u_k v_kᴴ, so U = Σ_k A_k ⊗ B_k with A_k = √σ_k·u_k and
/// B_k = √σ_k·conj(v_k), each reshaped back into a square matrix. The number of terms is the rank of R
/// (at most min(4^|A|, 4^|B|)): 2 for rxx, 4 for swap, 1 for a product of one-sided gates.
/// </summary>
internal static class SvdSplit
{
    /// <summary>
    /// Largest crossing gate (targets and controls) decomposed numerically: 6 qubits give a 64 × 64 SVD
    /// at worst. Wider gates are only split when controlled across the cut or diagonal.
    /// </summary>
    public const int MaxQubits = 6;

    public static IReadOnlyList<(GateOperation A, GateOperation B)>? TryDecompose(GateOperation gate, Func<int, bool> isInA, double tolerance)
    {
        var qubits = GateEmbedding.Qubits(gate);
        if (qubits.Length > MaxQubits)
        {
            return null;
        }
        var inA = Enumerable.Range(0, qubits.Length).Where(j => isInA(qubits[j])).ToArray();
        var inB = Enumerable.Range(0, qubits.Length).Where(j => !isInA(qubits[j])).ToArray();
        var full = GateEmbedding.FullMatrix(gate);
        var dim = 1 << qubits.Length;
        var dA = 1 << inA.Length;
        var dB = 1 << inB.Length;
        var rearranged = new Complex[dA * dA * dB * dB];
        for (var iA = 0; iA < dA; iA++)
        {
            for (var jA = 0; jA < dA; jA++)
            {
                for (var iB = 0; iB < dB; iB++)
                {
                    for (var jB = 0; jB < dB; jB++)
                    {
                        var row = DiagonalSplit.Scatter(iA, inA) | DiagonalSplit.Scatter(iB, inB);
                        var col = DiagonalSplit.Scatter(jA, inA) | DiagonalSplit.Scatter(jB, inB);
                        rearranged[(((iA * dA) + jA) * dB * dB) + (iB * dB) + jB] = full[(row * dim) + col];
                    }
                }
            }
        }
        var svd = ComplexSvd.Decompose(rearranged, dA * dA, dB * dB);
        var rank = svd.Rank(tolerance);
        var qubitsA = inA.Select(j => qubits[j]).ToArray();
        var qubitsB = inB.Select(j => qubits[j]).ToArray();
        var terms = new (GateOperation A, GateOperation B)[rank];
        for (var k = 0; k < rank; k++)
        {
            var root = Math.Sqrt(svd.Values[k]);
            var a = svd.LeftVector(k).ToArray().Select(u => root * u).ToArray();
            var b = svd.RightVector(k).ToArray().Select(v => root * Complex.Conjugate(v)).ToArray();
            terms[k] = (SchmidtTerms.Dense($"{gate.Name}.a{k}", a, qubitsA), SchmidtTerms.Dense($"{gate.Name}.b{k}", b, qubitsB));
        }
        return terms;
    }
}
