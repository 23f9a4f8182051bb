using System.Numerics;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Grid.Paths;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Grid.Tests.Paths;

/// <summary>
/// 40 qubits, far beyond a whole-state check, against a reference that shares no code with the
/// decomposition: the CZs are diagonal, so with Π_c the projector of a block's cut qubits onto the bits c,
/// amp(x) = Σ_{c_A, c_B} D(c_A, c_B) · ⟨x_A|U_A2 Π_{c_A} U_A1|0⟩ · ⟨x_B|U_B2 Π_{c_B} U_B1|0⟩ with
/// D = Π_i (−1)^{c_A,i · c_B,i}, each factor a 20-qubit engine run.
/// </summary>
public sealed class TwoBlockReferenceTests
{
    private const int Half = 20;
    private const int LayersBefore = 2;
    private const int LayersAfter = 2;
    private const int Seed = 17;

    [Fact]
    public void Execute_TwoBlocks40Qubits_MatchesTheProjectorReference()
    {
        var circuit = TwoBlockCircuit.Build(Half, LayersBefore, LayersAfter, Seed);
        var plan = CutPlanner.Plan(circuit, Half);
        Assert.NotNull(plan);
        var program = PathProgram.Build(circuit, plan);
        var random = new Random(Seed);
        var indices = Enumerable.Range(0, 5).Select(_ => random.NextInt64(1L << (2 * Half))).Append(0).ToArray();

        var outcome = PathsExecutor.Execute(program, 0, (ulong)program.PathCount, indices, new PathsOptions { Threads = 2 }, null, default);

        var expected = Reference(indices);
        for (var i = 0; i < indices.Length; i++)
        {
            var error = Complex.Abs(outcome.PartialSums[i] - expected[i]);
            Assert.True(expected[i].Magnitude > 1e-14, $"index {indices[i]}: the reference amplitude {expected[i]} is too small to compare");
            Assert.True(error <= 1e-12 && error <= 1e-10 * expected[i].Magnitude, $"index {indices[i]}: paths {outcome.PartialSums[i]}, reference {expected[i]}, error {error:E2}");
        }
    }

    private static Complex[] Reference(long[] indices)
    {
        var (a1, b1, a2, b2) = TwoBlockCircuit.Parts(Half, LayersBefore, LayersAfter, Seed);
        var cutA = TwoBlockCircuit.Czs.Select(cz => cz.A).ToArray();
        var cutB = TwoBlockCircuit.Czs.Select(cz => cz.B).ToArray();
        var mask = (1L << Half) - 1;
        var amplitudesA = Projected(a1, a2, cutA, indices.Select(x => x & mask).ToArray());
        var amplitudesB = Projected(b1, b2, cutB, indices.Select(x => x >> Half).ToArray());
        var result = new Complex[indices.Length];
        for (var cA = 0; cA < amplitudesA.Length; cA++)
        {
            for (var cB = 0; cB < amplitudesB.Length; cB++)
            {
                // CZ i contributes −1 when both of its qubits are 1.
                var sign = int.PopCount(cA & cB) % 2 == 0 ? 1 : -1;
                for (var i = 0; i < indices.Length; i++)
                {
                    result[i] += sign * amplitudesA[cA][i] * amplitudesB[cB][i];
                }
            }
        }
        return result;
    }

    /// <summary>⟨x|U2 Π_c U1|0⟩ for every value c of the cut qubits (bit i of c is cut qubit i).</summary>
    private static Complex[][] Projected(List<GateOperation> u1, List<GateOperation> u2, int[] cutQubits, long[] xs)
    {
        var simulator = new Simulator(new SimulationOptions { Threads = 2 });
        using var before = StateVector.Create(Half);
        simulator.ApplyToShard(before, u1);
        using var state = StateVector.Create(Half);
        var result = new Complex[1 << cutQubits.Length][];
        for (var c = 0; c < result.Length; c++)
        {
            state.CopyFrom(before);
            var projectors = cutQubits.Select((q, i) =>
                new GateOperation("proj", ((c >> i) & 1) == 0 ? GateMatrix.Diagonal([1, 0]) : GateMatrix.Diagonal([0, 1]), [q]));
            simulator.ApplyToShard(state, projectors.Concat(u2));
            result[c] = xs.Select(state.GetAmplitude).ToArray();
        }
        return result;
    }
}
