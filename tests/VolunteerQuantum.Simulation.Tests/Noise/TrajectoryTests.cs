using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Observables;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Noise;

/// <summary>
/// Trajectories against the exact density matrix on a 4-qubit random circuit with unitary-mixture, Kraus
/// and reset channels and readout errors. Counts: total variation at most 0.056, from the
/// Bretagnolle–Huber–Carol bound P(‖p̂ − p‖₁ ≥ ε) ≤ 2^K e^(−Nε²/2) with K = 16 outcomes and N = 4000
/// (a false alarm for a random seed below 10⁻⁶). Expectations: within 5 standard errors (below 6·10⁻⁷).
/// </summary>
public sealed class TrajectoryTests
{
    private const int Trajectories = 4000;

    [Fact]
    public void Trajectories_AgreeWithTheDensityMatrix()
    {
        var circuit = NoisyCircuit();
        var observable = PauliSum.Parse("Z0 + 0.5*X1 X2 - Y3 Z0");
        var exact = new Simulator(new SimulationOptions { Method = SimulationMethod.DensityMatrix })
            .Run(circuit, new SimulationRequest { Noise = Model(), Observables = [observable] });
        var sampled = new Simulator().Run(circuit, new SimulationRequest { Noise = Model(), Trajectories = Trajectories, Shots = Trajectories, Seed = 5, Observables = [observable] });

        Assert.Equal(Trajectories, sampled.Trajectories);
        Assert.Equal(Trajectories, sampled.Counts!.Shots);
        var tv = SamplingBounds.TotalVariationDistance(exact.OutcomeProbabilities!, sampled.Counts.Values);
        Assert.InRange(tv, 0, SamplingBounds.TotalVariation(16, Trajectories, 1e-6)); // 0.0558
        var se = sampled.ExpectationStandardErrors[0];
        Assert.True(se > 0);
        Assert.InRange(sampled.ExpectationValues[0], exact.ExpectationValues[0] - (5 * se), exact.ExpectationValues[0] + (5 * se));
    }

    [Fact]
    public void RangesOfTrajectories_AddUpToTheWholeRun_OnAnyThreadCount()
    {
        var circuit = NoisyCircuit();
        SimulationResult Run(long first, long count, int threads) => new Simulator(new SimulationOptions { Threads = threads })
            .Run(circuit, new SimulationRequest { Noise = Model(), Trajectories = 300, FirstTrajectory = first, TrajectoryCount = count, Shots = 900, Seed = 9, Observables = [PauliSum.Parse("Z1")] });
        var whole = Run(0, 0, 2);
        var a = Run(0, 120, 1);
        var b = Run(120, 180, 2);
        var merged = a.Counts!.Values.Concat(b.Counts!.Values).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        Assert.Equal(whole.Counts!.Values.OrderBy(kv => kv.Key.ToUInt64()), merged.OrderBy(kv => kv.Key.ToUInt64()));
        Assert.Equal(900, whole.Counts.Shots);
        var pooled = a.ExpectationMoments[0] + b.ExpectationMoments[0];
        Assert.Equal(whole.ExpectationMoments[0].Count, pooled.Count);
        Assert.Equal(whole.ExpectationMoments[0].Sum, pooled.Sum, 12);
    }

    [Fact]
    public void Observables_SeeTheLastGatesErrorAndTheMeasureError()
    {
        // h then measure: a phase flip of 0.2 after h and one of 0.1 before the measurement leave
        // ⟨X⟩ = (1 − 2·0.2)(1 − 2·0.1) = 0.48; readout errors, being classical, do not touch it.
        var circuit = new Circuit([new Register("q", 0, 1)], [new Register("c", 0, 1)],
            [new GateOperation("h", Circuits.Gates.StandardGates.H, [0]), new MeasureOperation(0, 0)]);
        var model = new NoiseModel
        {
            GateErrors = [new GateErrorRule(new HashSet<string> { "h" }, null, Channels.PhaseFlip(0.2))],
            MeasureErrors = [new QubitErrorRule(null, Channels.PhaseFlip(0.1))],
            ReadoutErrors = [new ReadoutErrorRule(null, ReadoutError.FromFlipProbabilities(0.3, 0.3))],
        };
        var observable = PauliSum.Parse("X0");
        var exact = new Simulator(new SimulationOptions { Method = SimulationMethod.DensityMatrix })
            .Run(circuit, new SimulationRequest { Noise = model, Observables = [observable] });
        var sampled = new Simulator().Run(circuit, new SimulationRequest { Noise = model, Trajectories = Trajectories, Seed = 2, Observables = [observable] });

        Assert.Equal(0.48, exact.ExpectationValues[0], 12);
        var se = sampled.ExpectationStandardErrors[0];
        Assert.InRange(sampled.ExpectationValues[0], 0.48 - (5 * se), 0.48 + (5 * se));
    }

    private static NoiseModel Model() => new()
    {
        GateErrors =
        [
            new GateErrorRule(new HashSet<string> { "*" }, null, Channels.Depolarizing(0.05)),
            new GateErrorRule(new HashSet<string> { "u" }, null, Channels.AmplitudeDamping(0.1).Then(Channels.PhaseDamping(0.1))),
        ],
        ResetErrors = [new QubitErrorRule(null, Channels.ResetError(0.1, 0.05))],
        MeasureErrors = [new QubitErrorRule([2], Channels.BitFlip(0.1))],
        ReadoutErrors = [new ReadoutErrorRule(null, ReadoutError.FromFlipProbabilities(0.03, 0.07))],
    };

    private static Circuit NoisyCircuit()
    {
        var ops = new List<Operation>(RandomCircuits.Gates(4, 10, new Random(3))) { new ResetOperation(1) };
        ops.AddRange(RandomCircuits.Gates(4, 6, new Random(4)));
        ops.AddRange(Enumerable.Range(0, 4).Select(q => new MeasureOperation(q, q)));
        return new Circuit([new Register("q", 0, 4)], [new Register("c", 0, 4)], ops);
    }
}
