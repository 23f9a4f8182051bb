using System.Numerics;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Grid.Tests.Paths;

/// <summary>
/// Reference matrices computed by the engine, independently of the decomposition code: column j of an
/// operator is what the engine makes of basis state |j⟩.
/// </summary>
internal static class OperatorMatrices
{
    private static readonly Simulator Engine = new(new SimulationOptions { Threads = 1 });

    /// <summary>The matrix of the gate sequence on qubits 0..qubits−1, as columns.</summary>
    public static Complex[][] Of(IReadOnlyList<GateOperation> gates, int qubits)
    {
        var dim = 1 << qubits;
        var columns = new Complex[dim][];
        using var state = StateVector.Create(qubits);
        for (var j = 0; j < dim; j++)
        {
            state.InitializeBasisState(j);
            Engine.ApplyToShard(state, gates);
            columns[j] = new Complex[dim];
            state.CopyTo(0, columns[j]);
        }
        return columns;
    }

    /// <summary>Σ_k A_k ⊗ B_k (the terms act on disjoint qubits, so A_k then B_k is their product).</summary>
    public static Complex[][] SumOfTerms(IReadOnlyList<(GateOperation A, GateOperation B)> terms, int qubits)
    {
        var dim = 1 << qubits;
        var sum = Enumerable.Range(0, dim).Select(_ => new Complex[dim]).ToArray();
        foreach (var (a, b) in terms)
        {
            var m = Of([a, b], qubits);
            for (var j = 0; j < dim; j++)
            {
                for (var i = 0; i < dim; i++)
                {
                    sum[j][i] += m[j][i];
                }
            }
        }
        return sum;
    }

    public static double MaxDifference(Complex[][] x, Complex[][] y)
    {
        var worst = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            for (var i = 0; i < x[j].Length; i++)
            {
                worst = Math.Max(worst, Complex.Abs(x[j][i] - y[j][i]));
            }
        }
        return worst;
    }
}
