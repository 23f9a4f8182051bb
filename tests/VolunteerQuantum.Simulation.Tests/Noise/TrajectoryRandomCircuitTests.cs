using System.Globalization;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Observables;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Noise;

/// <summary>
/// Trajectories against the exact density matrix on seeded random circuits of 4, 7 and 10 qubits (depth 6:
/// a layer of random one-qubit unitaries, then CX on random disjoint pairs; a reset in the middle) under a
/// noise model that uses every channel kind: depolarizing on one and two qubits, a general Pauli channel,
/// bit and phase flips, amplitude, generalized amplitude and phase damping, thermal relaxation in both
/// regimes (idle and after CX), reset errors, a Kraus channel that is not a unitary mixture, measure
/// errors and readout errors (one per qubit, qubit 0 its own).
///
/// One shot per trajectory, so the N = 3000 outcomes are independent draws of the noisy distribution.
/// False alarms for a random seed, by the union bound over the checks of one circuit: the total variation
/// of all 2^n outcomes and that of the marginal of qubits 0–3 (16 outcomes) each exceed their
/// Bretagnolle–Huber–Carol bound (see <see cref="SamplingBounds"/>) with probability at most 10⁻⁶, and
/// each of the three expectation values falls outside 5 standard errors with probability 5.7·10⁻⁷ (normal
/// approximation): at most 3.7·10⁻⁶ per circuit. For 10 qubits the all-outcome bound is loose (0.35 for
/// 1024 outcomes); the marginal (0.064) and the expectations carry the power there.
/// </summary>
public sealed class TrajectoryRandomCircuitTests
{
    private const int Trajectories = 3000;
    private const double FalseAlarm = 1e-6;
    private const double Sigmas = 5;
    private const int MarginalQubits = 4;

    [Theory]
    [InlineData(4, 101)]
    [InlineData(7, 102)]
    [InlineData(10, 103)]
    public void Trajectories_AgreeWithTheDensityMatrix_OnRandomCircuitsWithEveryChannelKind(int qubits, int seed)
    {
        var circuit = RandomCircuit(qubits, new Random(seed));
        var noise = Model();
        PauliSum[] observables =
        [
            PauliSum.Parse(Invariant($"Z0 + 0.5*Z1 Z2 - 0.7*Z{qubits - 1}")),
            PauliSum.Parse(Invariant($"X0 X1 + 0.8*Y2 Y3 + 0.3*X{qubits - 1}")),
            PauliSum.Parse(Invariant($"0.6*Y0 Z{qubits - 2} X{qubits - 1} - Z3 X1")),
        ];
        var exact = new Simulator(new SimulationOptions { Method = SimulationMethod.DensityMatrix })
            .Run(circuit, new SimulationRequest { Noise = noise, Observables = observables });
        var sampled = new Simulator(new SimulationOptions { Threads = 1 })
            .Run(circuit, new SimulationRequest { Noise = noise, Trajectories = Trajectories, Shots = Trajectories, Seed = (ulong)seed, Observables = observables });

        var rate = (2 * FalseAlarm) + (observables.Length * SamplingBounds.NormalTail(Sigmas));
        var because = $"(false alarm for a random seed at most {rate:G2})";
        Assert.Equal(Trajectories, sampled.Counts!.Shots);
        var tvBound = SamplingBounds.TotalVariation(1 << qubits, Trajectories, FalseAlarm);
        var tv = SamplingBounds.TotalVariationDistance(exact.OutcomeProbabilities!, sampled.Counts.Values);
        Assert.True(tv <= tvBound, $"total variation of the {1 << qubits} outcomes {tv:F4} > {tvBound:F4} {because}");

        const ulong low = (1 << MarginalQubits) - 1;
        var exactMarginal = exact.OutcomeProbabilities!.GroupBy(kv => kv.Key.ToUInt64() & low).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        var sampledMarginal = sampled.Counts.Values.GroupBy(kv => kv.Key.ToUInt64() & low).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        var marginalBound = SamplingBounds.TotalVariation(1 << MarginalQubits, Trajectories, FalseAlarm);
        var marginalTv = SamplingBounds.TotalVariationDistance(exactMarginal, sampledMarginal);
        Assert.True(marginalTv <= marginalBound, $"total variation of qubits 0–3 {marginalTv:F4} > {marginalBound:F4} {because}");

        for (var o = 0; o < observables.Length; o++)
        {
            var se = sampled.ExpectationStandardErrors[o];
            var deviation = Math.Abs(sampled.ExpectationValues[o] - exact.ExpectationValues[o]);
            Assert.True(se > 0, $"{observables[o].Text}: no spread over {Trajectories} noisy trajectories");
            Assert.True(deviation <= Sigmas * se, $"{observables[o].Text}: trajectories {sampled.ExpectationValues[o]:F5} ± {se:F5}, exact {exact.ExpectationValues[o]:F5}: {deviation / se:F1} standard errors {because}");
        }
    }

    private static NoiseModel Model()
    {
        HashSet<string> u = ["u"];
        HashSet<string> cx = ["cx"];
        return new NoiseModel
        {
            GateErrors =
            [
                new GateErrorRule(u, null, Channels.Depolarizing(0.02)),
                // Rules for one qubit replace the all-qubit rule on it.
                new GateErrorRule(u, [0], NonMixtureKraus()),
                new GateErrorRule(u, [1], Channels.Pauli(new Dictionary<string, double> { ["X"] = 0.02, ["Y"] = 0.03, ["Z"] = 0.04 }).Then(Channels.PhaseFlip(0.05))),
                new GateErrorRule(u, [2], Channels.GeneralizedAmplitudeDamping(0.05, 0.2).Then(Channels.PhaseDamping(0.04))),
                new GateErrorRule(u, [3], Channels.BitFlip(0.04).Then(Channels.AmplitudeDamping(0.06))),
                new GateErrorRule(cx, null, Channels.Depolarizing(0.04, 2)),
                // A one-qubit error on CX acts on each of its qubits; T1 < T2 ≤ 2·T1: damping then dephasing (Kraus).
                new GateErrorRule(cx, null, Channels.ThermalRelaxation(50, 80, 4, 0.05)),
            ],
            // T2 ≤ T1: Aer's mixture of identity, Z and resets.
            IdleErrors = [new QubitErrorRule(null, Channels.ThermalRelaxation(60, 40, 3))],
            ResetErrors = [new QubitErrorRule(null, Channels.ResetError(0.05, 0.03))],
            MeasureErrors = [new QubitErrorRule(null, Channels.BitFlip(0.03))],
            ReadoutErrors =
            [
                new ReadoutErrorRule(null, ReadoutError.FromFlipProbabilities(0.02, 0.05)),
                new ReadoutErrorRule([0], ReadoutError.FromFlipProbabilities(0.1, 0.03)),
            ],
        };
    }

    /// <summary>K₀ = U·diag(cos a, cos b), K₁ = W·diag(sin a, sin b): complete for any unitaries U, W, and not a mixture when a ≠ b.</summary>
    private static QuantumError NonMixtureKraus()
    {
        var rng = new Random(7);
        var (a, b) = (0.3, 0.9);
        var k0 = TestData.Unitary(1, rng).Multiply(GateMatrix.Diagonal([Math.Cos(a), Math.Cos(b)]));
        var k1 = TestData.Unitary(1, rng).Multiply(GateMatrix.Diagonal([Math.Sin(a), Math.Sin(b)]));
        var error = Channels.Kraus([k0, k1], "non-mixture");
        Assert.False(error.IsUnitaryMixture);
        return error;
    }

    private static Circuit RandomCircuit(int qubits, Random rng)
    {
        var ops = new List<Operation>();
        for (var layer = 0; layer < 6; layer++)
        {
            if (layer == 3)
            {
                ops.Add(new ResetOperation(1));
            }
            for (var q = 0; q < qubits; q++)
            {
                ops.Add(new GateOperation("u", TestData.Unitary(1, rng), [q]));
            }
            // CX on random disjoint pairs, about half of them: the others idle.
            var order = TestData.DistinctQubits(qubits, qubits, rng);
            for (var i = 0; i + 1 < order.Length; i += 2)
            {
                if (rng.Next(2) == 0)
                {
                    ops.Add(new GateOperation("cx", TestData.X, [order[i + 1]], [order[i]]));
                }
            }
        }
        ops.AddRange(Enumerable.Range(0, qubits).Select(q => new MeasureOperation(q, q)));
        return new Circuit([new Register("q", 0, qubits)], [new Register("c", 0, qubits)], ops);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
