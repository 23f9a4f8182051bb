using System.Numerics;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// Builds the one-sided operators of a decomposition. A term that is a multiple of the identity
/// becomes a 0-qubit scalar gate, which the engine folds into a phase instead of a memory pass.
/// </summary>
internal static class SchmidtTerms
{
    /// <summary>Entries this small relative to the largest are rounding noise of the SVD, set to exact zero.</summary>
    private const double NoiseFloor = 1e-14;

    public static GateOperation Scalar(string name, Complex value) => new(name, new GateMatrix(0, [value]), []);

    public static GateOperation Identity(string name) => Scalar(name, Complex.One);

    /// <summary>A diagonal operator on <paramref name="qubits"/> (bit j of the index is qubits[j]).</summary>
    public static GateOperation Diagonal(string name, Complex[] diagonal, IReadOnlyList<int> qubits)
    {
        if (diagonal.All(d => d == diagonal[0]))
        {
            return Scalar(name, diagonal[0]);
        }
        return new GateOperation(name, GateMatrix.Diagonal(diagonal), qubits.ToArray());
    }

    /// <summary>A dense operator from the SVD, with its rounding noise cleaned so that diagonal and scalar terms are recognised.</summary>
    public static GateOperation Dense(string name, Complex[] rowMajor, IReadOnlyList<int> qubits)
    {
        var largest = rowMajor.Max(Complex.Abs);
        for (var i = 0; i < rowMajor.Length; i++)
        {
            if (Complex.Abs(rowMajor[i]) <= NoiseFloor * largest)
            {
                rowMajor[i] = Complex.Zero;
            }
        }
        var matrix = new GateMatrix(qubits.Count, rowMajor);
        if (matrix.IsDiagonal)
        {
            var diagonal = Enumerable.Range(0, matrix.Dimension).Select(i => matrix[i, i]).ToArray();
            if (diagonal.All(d => Complex.Abs(d - diagonal[0]) <= NoiseFloor * largest))
            {
                return Scalar(name, diagonal[0]);
            }
        }
        return new GateOperation(name, matrix, qubits.ToArray());
    }

    /// <summary>Puts each pair in (A, B) order given which side the first element acts on.</summary>
    public static IReadOnlyList<(GateOperation A, GateOperation B)> Ordered(IEnumerable<(GateOperation First, GateOperation Second)> terms, bool firstIsA) =>
        terms.Select(t => firstIsA ? (t.First, t.Second) : (t.Second, t.First)).ToArray();
}
