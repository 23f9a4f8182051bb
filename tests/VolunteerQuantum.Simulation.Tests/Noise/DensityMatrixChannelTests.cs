using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Noise;

/// <summary>
/// The density-matrix method against channel definitions written out here (not from the library's
/// Kraus operators): a random pure 3-qubit input, one channel on qubit 1, every entry of ρ within 1e-12.
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

    private static Complex[,] Run(List<GateOperation> gates, QuantumError error)
    {
        var ops = new List<Operation>(gates) { new ChannelOperation(error, [Target]) };
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
