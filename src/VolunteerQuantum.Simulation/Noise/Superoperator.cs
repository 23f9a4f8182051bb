using System.Numerics;
using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Simulation.Noise;

/// <summary>
/// A channel on k qubits as one 2k-qubit matrix on the vectorised density matrix: with vec(ρ) indexed
/// r + 2^k·c (row bits low, column bits high), ρ → Σ Kᵢ ρ Kᵢ† is S = Σ Kᵢ ⊗ conj(Kᵢ), i.e.
/// S[(r, c), (r', c')] = Σᵢ Kᵢ[r, r'] · conj(Kᵢ[c, c']).
/// </summary>
public static class Superoperator
{
    public static GateMatrix Of(IReadOnlyList<GateMatrix> kraus)
    {
        ArgumentNullException.ThrowIfNull(kraus);
        var k = kraus[0].QubitCount;
        var dim = 1 << k;
        var big = dim * dim;
        var e = new Complex[big * big];
        foreach (var op in kraus)
        {
            for (var r = 0; r < dim; r++)
            {
                for (var rp = 0; rp < dim; rp++)
                {
                    var a = op[r, rp];
                    if (a == Complex.Zero)
                    {
                        continue;
                    }
                    for (var c = 0; c < dim; c++)
                    {
                        for (var cp = 0; cp < dim; cp++)
                        {
                            e[((r + (c * dim)) * big) + rp + (cp * dim)] += a * Complex.Conjugate(op[c, cp]);
                        }
                    }
                }
            }
        }
        return new GateMatrix(2 * k, e);
    }

    /// <summary>The elementwise complex conjugate: what a gate does to the column index of ρ.</summary>
    public static GateMatrix Conjugate(GateMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var e = new Complex[matrix.Elements.Length];
        for (var i = 0; i < e.Length; i++)
        {
            e[i] = Complex.Conjugate(matrix.Elements[i]);
        }
        return new GateMatrix(matrix.QubitCount, e);
    }
}
