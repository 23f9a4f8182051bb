using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Simulation.Kernels;

namespace VolunteerQuantum.Simulation.Tests.Support;

/// <summary>Seeded random gate lists (every gate family) and an index-by-index reference simulator.</summary>
internal static class RandomCircuits
{
    /// <summary>Random 1-qubit unitaries, CZ, CP, swaps, random 2-qubit unitaries, multi-controlled gates (any control values), diagonals, phases.</summary>
    public static List<GateOperation> Gates(int qubits, int count, Random rng)
    {
        var gates = new List<GateOperation>();
        for (var i = 0; i < count; i++)
        {
            var kind = rng.Next(qubits >= 3 ? 9 : qubits >= 2 ? 6 : 2);
            switch (kind)
            {
                case 0:
                case 1:
                    gates.Add(new GateOperation("u", TestData.Unitary(1, rng), [rng.Next(qubits)]));
                    break;
                case 2:
                    gates.Add(new GateOperation("cz", TestData.Cz, TestData.DistinctQubits(qubits, 2, rng)));
                    break;
                case 3:
                    gates.Add(new GateOperation("cp", TestData.Cp(rng.NextDouble() * 6), TestData.DistinctQubits(qubits, 2, rng)));
                    break;
                case 4:
                    gates.Add(new GateOperation("u2", TestData.Unitary(2, rng), TestData.DistinctQubits(qubits, 2, rng)));
                    break;
                case 5:
                    {
                        var q = TestData.DistinctQubits(qubits, 2, rng);
                        gates.Add(new GateOperation("cx", TestData.X, [q[0]], [q[1]], [rng.Next(2) == 0]));
                        break;
                    }
                case 6:
                    {
                        var c = Math.Min(qubits - 1, 1 + rng.Next(4));
                        var q = TestData.DistinctQubits(qubits, c + 1, rng);
                        gates.Add(new GateOperation("mcu", TestData.Unitary(1, rng), [q[0]], q[1..], q[1..].Select(_ => rng.Next(2) == 0).ToArray()));
                        break;
                    }
                case 7:
                    {
                        var k = 1 + rng.Next(Math.Min(qubits, 3));
                        gates.Add(new GateOperation("diag", GateMatrix.Diagonal(TestData.RandomPhases(1 << k, rng)), TestData.DistinctQubits(qubits, k, rng)));
                        break;
                    }
                default:
                    {
                        var q = TestData.DistinctQubits(qubits, 3, rng);
                        gates.Add(new GateOperation("ccphase", TestData.Phase(rng.NextDouble()), [q[0]], q[1..]));
                        break;
                    }
            }
        }
        return gates;
    }

    /// <summary>The adjoint sequence: applied after <paramref name="gates"/> it gives the identity.</summary>
    public static List<GateOperation> Inverse(IEnumerable<GateOperation> gates) =>
        gates.Reverse().Select(g => new GateOperation(g.Name + "†", g.Matrix.Adjoint(), g.Targets, g.Controls, g.ControlValues)).ToList();

    /// <summary>Independent reference: every gate applied index by index with the reference kernel.</summary>
    public static Complex[] Simulate(int qubits, IEnumerable<GateOperation> gates, Complex[]? initial = null)
    {
        var state = initial is null ? new Complex[1 << qubits] : (Complex[])initial.Clone();
        if (initial is null)
        {
            state[0] = Complex.One;
        }
        foreach (var g in gates)
        {
            ReferenceKernel.ApplyDense(state, g.Targets, g.Matrix.Elements.ToArray(), g.Controls, g.ControlValues);
        }
        return state;
    }

    public static Circuit ToCircuit(int qubits, IEnumerable<GateOperation> gates, int clbits = 0)
    {
        var b = new CircuitBuilder(qubits, clbits);
        foreach (var g in gates)
        {
            b.Add(g);
        }
        return b.Build();
    }
}
