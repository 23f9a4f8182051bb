namespace VolunteerQuantum.Simulation.Execution;

/// <summary>
/// Checkpoints of a whole-circuit run (<see cref="SimulationRequest.Checkpointing"/>). Only the unitary
/// part checkpoints: a dynamic circuit checkpoints its unitary prefix, and its per-shot branching,
/// which is cheap next to the prefix or not resumable at all, starts again after a resume.
/// Fusion and scheduling are deterministic, so a run resumed from a checkpoint applies exactly the
/// operations the interrupted run had left and ends in a bit-for-bit identical state.
/// </summary>
public sealed record SimulationCheckpointing
{
    /// <summary>Least time between two interval checkpoints (measured from the start, then from the end of the last save).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Called on the simulating thread between fused operations, with the run paused: at most once per
    /// <see cref="Interval"/>, and once more when the run is cancelled (unless nothing was done since the
    /// last save). Never called before the first operation or after the last.
    /// </summary>
    public Action<SimulationCheckpoint>? Save { get; init; }

    /// <summary>Offer a last checkpoint when the run is cancelled (suspend, shutdown).</summary>
    public bool SaveOnCancellation { get; init; } = true;

    /// <summary>Start from a saved state instead of |0…0⟩ (null: from the start).</summary>
    public SimulationResume? ResumeFrom { get; init; }
}
