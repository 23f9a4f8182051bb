using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Simulation.Execution;

/// <summary>What a run should produce.</summary>
public sealed record SimulationRequest
{
    /// <summary>Shots to sample (0: none). Terminal measurements are sampled from the one final state.</summary>
    public long Shots { get; init; }

    /// <summary>Seed of the shot sampler: the same seed gives the same counts for any thread count.</summary>
    public ulong Seed { get; init; }

    /// <summary>Final-state amplitudes to report, by basis index (qubit k = bit k).</summary>
    public IReadOnlyList<long> AmplitudeIndices { get; init; } = [];

    /// <summary>
    /// Observables whose expectation values in the final state to report: exact, or with noise from the density
    /// matrix or the mean over trajectories, in both after every error of the circuit (measure errors included).
    /// </summary>
    public IReadOnlyList<PauliSum> Observables { get; init; } = [];

    /// <summary>Hand the final state to the caller in <see cref="SimulationResult.FinalState"/> (who disposes it).</summary>
    public bool KeepFinalState { get; init; }

    /// <summary>
    /// Where errors happen (null or empty: an ideal run). With the state-vector method the run samples
    /// <see cref="Trajectories"/> quantum trajectories; with the density matrix it is exact.
    /// </summary>
    public NoiseModel? Noise { get; init; }

    /// <summary>
    /// Trajectories of a noisy state-vector run (the whole run's, also when <see cref="TrajectoryCount"/>
    /// picks a range). Trajectory t draws its noise and its shots from (Seed, t) alone, and takes
    /// Shots / Trajectories shots, one more when t &lt; Shots mod Trajectories; so any range of trajectories
    /// gives the same counts on any machine and thread count, and ranges add up to the whole run.
    /// </summary>
    public long Trajectories { get; init; }

    /// <summary>First trajectory to simulate (a grid unit's range).</summary>
    public long FirstTrajectory { get; init; }

    /// <summary>How many trajectories from <see cref="FirstTrajectory"/> to simulate; 0: all up to <see cref="Trajectories"/>.</summary>
    public long TrajectoryCount { get; init; }

    /// <summary>Periodic checkpoints of the unitary part, and/or a saved state to resume from (null: neither).</summary>
    public SimulationCheckpointing? Checkpointing { get; init; }
}
