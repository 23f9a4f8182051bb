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

    /// <summary>Observables whose exact expectation values to report.</summary>
    public IReadOnlyList<PauliSum> Observables { get; init; } = [];

    /// <summary>Hand the final state to the caller in <see cref="SimulationResult.FinalState"/> (who disposes it).</summary>
    public bool KeepFinalState { get; init; }

    /// <summary>Periodic checkpoints of the unitary part, and/or a saved state to resume from (null: neither).</summary>
    public SimulationCheckpointing? Checkpointing { get; init; }
}
