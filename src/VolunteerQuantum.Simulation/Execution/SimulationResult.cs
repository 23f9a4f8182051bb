using VolunteerQuantum.Simulation.Observables;
using VolunteerQuantum.Simulation.Results;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Simulation.Execution;

/// <summary>What a run produced. Dispose releases <see cref="FinalState"/> if it was kept.</summary>
public sealed class SimulationResult : IDisposable
{
    /// <summary>Shot counts, or null when no shots were asked for.</summary>
    public MeasurementCounts? Counts { get; init; }

    /// <summary>Amplitudes at <see cref="SimulationRequest.AmplitudeIndices"/>, in that order.</summary>
    public IReadOnlyList<Complex> Amplitudes { get; init; } = [];

    /// <summary>⟨ψ|O|ψ⟩ for each of <see cref="SimulationRequest.Observables"/>.</summary>
    public IReadOnlyList<double> ExpectationValues { get; init; } = [];

    /// <summary>
    /// Per observable, the per-trajectory values summed (noisy trajectory runs), or the one exact value
    /// (ideal and density-matrix runs); <see cref="ExpectationValues"/> are their means.
    /// </summary>
    public IReadOnlyList<ObservableMoments> ExpectationMoments { get; init; } = [];

    /// <summary>Standard error of each of <see cref="ExpectationValues"/> (0 when exact).</summary>
    public IReadOnlyList<double> ExpectationStandardErrors => ExpectationMoments.Select(m => m.StandardError).ToArray();

    /// <summary>Trajectories simulated (0 for ideal and density-matrix runs).</summary>
    public long Trajectories { get; init; }

    /// <summary>
    /// Density matrix: the exact probability of each classical outcome (readout errors included), or
    /// null when the circuit measures nothing or the run was not exact.
    /// </summary>
    public IReadOnlyDictionary<ClbitValue, double>? OutcomeProbabilities { get; init; }

    /// <summary>Density matrix: the diagonal ⟨i|ρ|i⟩, by basis index (null for other methods).</summary>
    public IReadOnlyList<double>? BasisProbabilities { get; init; }

    /// <summary>The final state when <see cref="SimulationRequest.KeepFinalState"/> was set.</summary>
    public StateVector? FinalState { get; init; }

    /// <summary>True when the circuit needed per-shot branching (mid-circuit measurement, reset, if).</summary>
    public bool IsDynamic { get; init; }

    /// <summary>Gates in the circuit (conditionals' bodies included).</summary>
    public int GateCount { get; init; }

    /// <summary>Kernel calls the unitary part took after fusion.</summary>
    public int FusedGateCount { get; init; }

    /// <summary>Distinct measurement branches simulated (dynamic circuits; 1 otherwise).</summary>
    public long Branches { get; init; } = 1;

    public TimeSpan Elapsed { get; init; }


    /// <summary>The run's time split by phase.</summary>
    public SimulationTimings Timings { get; init; } = SimulationTimings.None;

    public void Dispose() => FinalState?.Dispose();
}
