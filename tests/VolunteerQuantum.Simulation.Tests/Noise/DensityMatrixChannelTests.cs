using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Results;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Noise;

/// <summary>
/// The density-matrix method against channel definitions written out here (textbook Kraus operators typed
/// in by hand, or the mixture formula; never the library's own Kraus operators): a random pure 3-qubit
/// input, one channel on qubit 1 (two-qubit ones on qubits 2 and 0), every entry of ρ within 1e-12.
/// Readout errors: the exact outcome probabilities against the assignment matrices applied by hand.
/// </summary>
public sealed class DensityMatrixChannelTests
{
    private const int Qubits = 3;
    private const int Target = 1;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void Depolarizing_MixesTowardsTheMaximallyMixedQubit(double lambda)
    {
        var (gates, rho) = RandomInput(11);
        var actual = Run(gates, Channels.Depolarizing(lambda));
        // (1 − λ)ρ + λ·(Tr_q ρ) ⊗ I/2
        var expected = Map(rho, (r, c) =>
        {
            var value = (1 - lambda) * rho[r, c];
            if (Bit(r) == Bit(c))
            {
                value += lambda / 2 * (rho[Clear(r), Clear(c)] + rho[Clear(r) | Mask, Clear(c) | Mask]);
            }
            return value;
        });
        AssertClose(expected, actual);
    }

    [Theory]
    [InlineData(0.2, 0.0)]
    [InlineData(0.2, 0.3)]
    public void GeneralizedAmplitudeDamping_RelaxesPopulationsAndShrinksCoherences(double gamma, double excited)
    {
        var (gates, rho) = RandomInput(12);
        var actual = Run(gates, Channels.GeneralizedAmplitudeDamping(gamma, excited));
        var expected = Relaxation(rho, gamma, excited, Math.Sqrt(1 - gamma));
        AssertClose(expected, actual);
    }

    [Theory]
    [InlineData(50.0, 30.0, 10.0, 0.0)]
    [InlineData(50.0, 80.0, 10.0, 0.1)]
    public void ThermalRelaxation_MatchesT1AndT2Decay(double t1, double t2, double time, double excited)
    {
        var (gates, rho) = RandomInput(13);
        var actual = Run(gates, Channels.ThermalRelaxation(t1, t2, time, excited));
        var expected = Relaxation(rho, 1 - Math.Exp(-time / t1), excited, Math.Exp(-time / t2));
        AssertClose(expected, actual);
    }

    [Fact]
    public void ResetError_ResetsWithItsProbabilities()
    {
        var (gates, rho) = RandomInput(14);
        var actual = Run(gates, Channels.ResetError(0.2, 0.1));
        var expected = Map(rho, (r, c) =>
        {
            var traced = rho[Clear(r), Clear(c)] + rho[Clear(r) | Mask, Clear(c) | Mask];
            var value = 0.7 * rho[r, c];
            if (Bit(r) == 0 && Bit(c) == 0)
            {
                value += 0.2 * traced;
            }
            if (Bit(r) == 1 && Bit(c) == 1)
            {
                value += 0.1 * traced;
            }
            return value;
        });
        AssertClose(expected, actual);
    }

    [Fact]
    public void PauliChannel_IsItsMixtureOfConjugations()
    {
        var (gates, rho) = RandomInput(15);
        var (px, py, pz) = (0.1, 0.15, 0.2);
        var actual = Run(gates, Channels.Pauli(new Dictionary<string, double> { ["X"] = px, ["Y"] = py, ["Z"] = pz }));
        // (1 − px − py − pz)ρ + px·XρX + py·YρY + pz·ZρZ
        var expected = Sum(
            (1 - px - py - pz, rho),
            (px, Sandwich(rho, PauliX, Target)),
            (py, Sandwich(rho, PauliY, Target)),
            (pz, Sandwich(rho, PauliZ, Target)));
        AssertClose(expected, actual);
    }

    [Fact]
    public void BitFlip_MixesInTheFlippedEntries()
    {
        var (gates, rho) = RandomInput(16);
        var actual = Run(gates, Channels.BitFlip(0.3));
        // (1 − p)ρ + p·XρX, and XρX[r, c] = ρ[r ⊕ m, c ⊕ m]
        var expected = Map(rho, (r, c) => (0.7 * rho[r, c]) + (0.3 * rho[r ^ Mask, c ^ Mask]));
        AssertClose(expected, actual);
    }

    [Fact]
    public void PhaseFlip_ShrinksTheCoherencesBy1Minus2p()
    {
        var (gates, rho) = RandomInput(17);
        var actual = Run(gates, Channels.PhaseFlip(0.3));
        // (1 − p)ρ + p·ZρZ: entries whose row and column bits differ change sign under Z·Z.
        var expected = Map(rho, (r, c) => Bit(r) == Bit(c) ? rho[r, c] : (1 - (2 * 0.3)) * rho[r, c]);
        AssertClose(expected, actual);
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(1.0)]
    public void AmplitudeDamping_IsItsTwoTextbookKrausOperators(double gamma)
    {
        var (gates, rho) = RandomInput(18);
        var actual = Run(gates, Channels.AmplitudeDamping(gamma));
        Complex[,] k0 = { { 1, 0 }, { 0, Math.Sqrt(1 - gamma) } };
        Complex[,] k1 = { { 0, Math.Sqrt(gamma) }, { 0, 0 } };
        AssertClose(KrausSum(rho, [k0, k1], Target), actual);
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(1.0)]
    public void PhaseDamping_IsItsTwoTextbookKrausOperators(double lambda)
    {
        var (gates, rho) = RandomInput(19);
        var actual = Run(gates, Channels.PhaseDamping(lambda));
        Complex[,] k0 = { { 1, 0 }, { 0, Math.Sqrt(1 - lambda) } };
        Complex[,] k1 = { { 0, 0 }, { 0, Math.Sqrt(lambda) } };
        AssertClose(KrausSum(rho, [k0, k1], Target), actual);
    }

    [Fact]
    public void TwoQubitDepolarizing_OnQubits2And0_MixesTowardsTheirMaximallyMixedState()
    {
        var (gates, rho) = RandomInput(20);
        const double lambda = 0.35;
        var actual = Run(gates, Channels.Depolarizing(lambda, 2), 2, 0);
        // (1 − λ)ρ + λ·(Tr_{0,2} ρ) ⊗ I/4
        const int pair = 0b101;
        var expected = Map(rho, (r, c) =>
        {
            var value = (1 - lambda) * rho[r, c];
            if ((r & pair) == (c & pair))
            {
                foreach (var a in new[] { 0b000, 0b001, 0b100, 0b101 })
                {
                    value += lambda / 4 * rho[(r & ~pair) | a, (c & ~pair) | a];
                }
            }
            return value;
        });
        AssertClose(expected, actual);
    }

    [Fact]
    public void TwoQubitPauli_OnQubits2And0_PutsTheRightmostLetterOnTheFirstQubit()
    {
        var (gates, rho) = RandomInput(21);
        var actual = Run(gates, Channels.Pauli(new Dictionary<string, double> { ["XZ"] = 0.4 }), 2, 0);
        // Qiskit order: "XZ" is Z on the error's qubit 0 (circuit qubit 2) and X on its qubit 1 (circuit qubit 0).
        var expected = Sum((0.6, rho), (0.4, Sandwich(Sandwich(rho, PauliZ, 2), PauliX, 0)));
        AssertClose(expected, actual);
    }

    [Fact]
    public void GeneralKraus_IsItsOperatorSum()
    {
        var (gates, rho) = RandomInput(22);
        // The two 2×2 blocks of an isometry V (the first two columns of a random 4×4 unitary):
        // K₀†K₀ + K₁†K₁ = V†V = I by construction, and K₀†K₀ is not a multiple of I, so not a unitary mixture.
        var u = TestData.RandomUnitary(2, new Random(23));
        var k0 = new Complex[2, 2];
        var k1 = new Complex[2, 2];
        for (var r = 0; r < 2; r++)
        {
            for (var c = 0; c < 2; c++)
            {
                k0[r, c] = u[(r * 4) + c];
                k1[r, c] = u[((r + 2) * 4) + c];
            }
        }
        var error = Channels.Kraus([new Circuits.Gates.GateMatrix(1, Flatten(k0)), new Circuits.Gates.GateMatrix(1, Flatten(k1))]);
        Assert.False(error.IsUnitaryMixture);
        AssertClose(KrausSum(rho, [k0, k1], Target), Run(gates, error));
    }

    [Fact]
    public void ReadoutErrors_GiveTheAssignmentMatrixProductOfTheBornProbabilities()
    {
        var gates = RandomCircuits.Gates(Qubits, 12, new Random(24));
        var psi = RandomCircuits.Simulate(Qubits, gates);
        // A[q][measured, read], a different matrix on each qubit (qubit 1 reads perfectly).
        double[][][] assignment =
        [
            [[0.9, 0.1], [0.2, 0.8]],
            [[1.0, 0.0], [0.0, 1.0]],
            [[0.97, 0.03], [0.35, 0.65]],
        ];
        var noise = new NoiseModel
        {
            ReadoutErrors =
            [
                new ReadoutErrorRule([0], new ReadoutError(assignment[0])),
                new ReadoutErrorRule([2], new ReadoutError(assignment[2])),
            ],
        };
        var ops = new List<Operation>(gates);
        ops.AddRange(Enumerable.Range(0, Qubits).Select(q => new MeasureOperation(q, q)));
        var circuit = new Circuit([new Register("q", 0, Qubits)], [new Register("c", 0, Qubits)], ops);
        var result = new Simulator(new SimulationOptions { Method = SimulationMethod.DensityMatrix })
            .Run(circuit, new SimulationRequest { Noise = noise });
        var dim = 1 << Qubits;
        for (var read = 0; read < dim; read++)
        {
            // P(read) = Σ_measured |ψ_measured|² · Π_q A_q[measured_q, read_q]
            var expected = 0.0;
            for (var measured = 0; measured < dim; measured++)
            {
                var p = Complex.Abs(psi[measured]) * Complex.Abs(psi[measured]);
                for (var q = 0; q < Qubits; q++)
                {
                    p *= assignment[q][(measured >> q) & 1][(read >> q) & 1];
                }
                expected += p;
            }
            var actual = result.OutcomeProbabilities!.GetValueOrDefault(new ClbitValue((ulong)read));
            Assert.True(Math.Abs(expected - actual) < 1e-12, $"P({read}): expected {expected}, got {actual}");
        }
    }

    [Fact]
    public void NonTracePreservingKraus_IsRefusedWithTheResidual()
    {
        var error = Assert.Throws<NoiseModelException>(() => Channels.Kraus([Circuits.Gates.GateMatrix.OneQubit(1, 0, 0, 0.5)]));
        Assert.Contains("0.75", error.Message);
    }

    /// <summary>Populations relax at rate γ towards excited population p₁; coherences scale by <paramref name="coherence"/>.</summary>
    private static Complex[,] Relaxation(Complex[,] rho, double gamma, double excited, double coherence) => Map(rho, (r, c) =>
    {
        if (Bit(r) != Bit(c))
        {
            return coherence * rho[r, c];
        }
        var zero = rho[Clear(r), Clear(c)];
        var one = rho[Clear(r) | Mask, Clear(c) | Mask];
        return Bit(r) == 0
            ? ((1 - (gamma * excited)) * zero) + (gamma * (1 - excited) * one)
            : ((1 - (gamma * (1 - excited))) * one) + (gamma * excited * zero);
    });

    private static readonly Complex[,] PauliX = { { 0, 1 }, { 1, 0 } };

    private static readonly Complex[,] PauliY = { { 0, -Complex.ImaginaryOne }, { Complex.ImaginaryOne, 0 } };

    private static readonly Complex[,] PauliZ = { { 1, 0 }, { 0, -1 } };

    /// <summary>Σ K ρ K† for 2×2 operators on <paramref name="qubit"/>.</summary>
    private static Complex[,] KrausSum(Complex[,] rho, Complex[][,] operators, int qubit) =>
        Sum(operators.Select(k => (1.0, Sandwich(rho, k, qubit))).ToArray());

    /// <summary>
    /// (K ⊗ I) ρ (K ⊗ I)† for a 2×2 K on <paramref name="qubit"/>, entry by entry:
    /// Σ_{a,b} K[r_q, a] · ρ[r with bit q = a, c with bit q = b] · conj(K[c_q, b]).
    /// </summary>
    private static Complex[,] Sandwich(Complex[,] rho, Complex[,] k, int qubit) => Map(rho, (r, c) =>
    {
        var m = 1 << qubit;
        var (rq, cq) = ((r >> qubit) & 1, (c >> qubit) & 1);
        var value = Complex.Zero;
        for (var a = 0; a < 2; a++)
        {
            for (var b = 0; b < 2; b++)
            {
                value += k[rq, a] * rho[(r & ~m) | (a * m), (c & ~m) | (b * m)] * Complex.Conjugate(k[cq, b]);
            }
        }
        return value;
    });

    private static Complex[,] Sum(params (double Weight, Complex[,] Matrix)[] terms) =>
        Map(terms[0].Matrix, (r, c) => terms.Aggregate(Complex.Zero, (sum, t) => sum + (t.Weight * t.Matrix[r, c])));

    /// <summary>Row-major, the layout of a GateMatrix's elements.</summary>
    private static Complex[] Flatten(Complex[,] k) => [k[0, 0], k[0, 1], k[1, 0], k[1, 1]];

    private const int Mask = 1 << Target;

    private static int Bit(int index) => (index >> Target) & 1;

    private static int Clear(int index) => index & ~Mask;

    private static (List<GateOperation> Gates, Complex[,] Rho) RandomInput(int seed)
    {
        var gates = RandomCircuits.Gates(Qubits, 12, new Random(seed));
        var psi = RandomCircuits.Simulate(Qubits, gates);
        var dim = 1 << Qubits;
        var rho = new Complex[dim, dim];
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                rho[r, c] = psi[r] * Complex.Conjugate(psi[c]);
            }
        }
        return (gates, rho);
    }

    /// <summary>The channel on <paramref name="qubits"/> (default: the target) after the gates, by the density-matrix method.</summary>
    private static Complex[,] Run(List<GateOperation> gates, QuantumError error, params int[] qubits)
    {
        var ops = new List<Operation>(gates) { new ChannelOperation(error, qubits.Length > 0 ? qubits : [Target]) };
        var circuit = new Circuit([new Register("q", 0, Qubits)], [], ops);
        using var result = new Simulator(new SimulationOptions { Method = SimulationMethod.DensityMatrix })
            .Run(circuit, new SimulationRequest { KeepFinalState = true });
        var dim = 1 << Qubits;
        var vec = new Complex[dim * dim];
        result.FinalState!.CopyTo(0, vec);
        return Map(new Complex[dim, dim], (r, c) => vec[r + (c * dim)]);
    }

    private static Complex[,] Map(Complex[,] shape, Func<int, int, Complex> entry)
    {
        var dim = shape.GetLength(0);
        var m = new Complex[dim, dim];
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                m[r, c] = entry(r, c);
            }
        }
        return m;
    }

    private static void AssertClose(Complex[,] expected, Complex[,] actual)
    {
        for (var r = 0; r < expected.GetLength(0); r++)
        {
            for (var c = 0; c < expected.GetLength(1); c++)
            {
                Assert.True(Complex.Abs(expected[r, c] - actual[r, c]) < 1e-12, $"ρ[{r},{c}]: expected {expected[r, c]}, got {actual[r, c]}");
            }
        }
    }
}
