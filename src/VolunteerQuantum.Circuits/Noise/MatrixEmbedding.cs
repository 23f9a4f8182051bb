using System.Numerics;
using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Circuits.Noise;

/// <summary>Lifts a matrix on some qubits of a register to the whole register (identity on the rest).</summary>
public static class MatrixEmbedding
{
    /// <param name="qubits">The register qubits <paramref name="matrix"/>'s index bits 0, 1, … act on.</param>
    public static GateMatrix Embed(GateMatrix matrix, IReadOnlyList<int> qubits, int registerQubits)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(qubits);
        if (qubits.Count == registerQubits && qubits.Select((q, i) => q == i).All(x => x))
        {
            return matrix;
        }
        var dim = 1 << registerQubits;
        var mask = qubits.Aggregate(0, (m, q) => m | (1 << q));
        var e = new Complex[dim * dim];
        for (var row = 0; row < dim; row++)
        {
            var local = Extract(row, qubits);
            for (var l = 0; l < matrix.Dimension; l++)
            {
                var value = matrix[local, l];
                if (value != Complex.Zero)
                {
                    e[(row * dim) + Deposit(row & ~mask, l, qubits)] = value;
                }
            }
        }
        return new GateMatrix(registerQubits, e);
    }

    private static int Extract(int index, IReadOnlyList<int> qubits)
    {
        var local = 0;
        for (var j = 0; j < qubits.Count; j++)
        {
            local |= ((index >> qubits[j]) & 1) << j;
        }
        return local;
    }

    private static int Deposit(int rest, int local, IReadOnlyList<int> qubits)
    {
        for (var j = 0; j < qubits.Count; j++)
        {
            rest |= ((local >> j) & 1) << qubits[j];
        }
        return rest;
    }
}
