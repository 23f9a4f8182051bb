using System.Numerics;
using VolunteerQuantum.Simulation.Kernels;

namespace VolunteerQuantum.Simulation.Fusion;

/// <summary>Multiplies a run of gates into one matrix (or one diagonal) on a block of qubits.</summary>
internal static class BlockMatrix
{
    /// <summary>
    /// Product of <paramref name="members"/> (applied in order) on <paramref name="qubits"/>: column c of the
    /// result is the block applied to basis state |c⟩, so each member is simply applied, with the reference
    /// kernel, to every column as if it were a small state vector.
    /// </summary>
    public static Complex[] Dense(IReadOnlyList<int> qubits, IEnumerable<FusedGate> members)
    {
        var dim = 1 << qubits.Count;
        var columns = new Complex[dim][];
        for (var c = 0; c < dim; c++)
        {
            columns[c] = new Complex[dim];
            columns[c][c] = Complex.One;
        }
        foreach (var gate in members)
        {
            var targets = Map(gate.Targets, qubits);
            var controls = Map(gate.Controls, qubits);
            foreach (var column in columns)
            {
                if (gate.Kind == FusedGateKind.Diagonal)
                {
                    ReferenceKernel.ApplyDiagonal(column, targets, gate.Matrix);
                }
                else
                {
                    ReferenceKernel.ApplyDense(column, targets, gate.Matrix, controls, gate.ControlValues);
                }
            }
        }
        var matrix = new Complex[dim * dim];
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                matrix[(r * dim) + c] = columns[c][r];
            }
        }
        return matrix;
    }

    /// <summary>Product of diagonal <paramref name="members"/>: entry-wise, so apply them to a vector of ones.</summary>
    public static Complex[] Diagonal(IReadOnlyList<int> qubits, IEnumerable<FusedGate> members)
    {
        var diagonal = new Complex[1 << qubits.Count];
        diagonal.AsSpan().Fill(Complex.One);
        foreach (var gate in members)
        {
            if (gate.Kind != FusedGateKind.Diagonal)
            {
                throw new InvalidOperationException("a diagonal block can only hold diagonal gates");
            }
            ReferenceKernel.ApplyDiagonal(diagonal, Map(gate.Targets, qubits), gate.Matrix);
        }
        return diagonal;
    }

    private static int[] Map(IReadOnlyList<int> qubits, IReadOnlyList<int> block)
    {
        var result = new int[qubits.Count];
        for (var i = 0; i < qubits.Count; i++)
        {
            var position = -1;
            for (var j = 0; j < block.Count; j++)
            {
                if (block[j] == qubits[i])
                {
                    position = j;
                }
            }
            result[i] = position >= 0 ? position : throw new InvalidOperationException($"qubit {qubits[i]} is not in the block");
        }
        return result;
    }
}
