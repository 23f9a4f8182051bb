namespace VolunteerQuantum.Simulation.Execution;

/// <summary>Why the engine offers a checkpoint.</summary>
public enum CheckpointReason
{
    /// <summary>The checkpoint interval has passed.</summary>
    Interval,

    /// <summary>The run was cancelled (the volunteer is suspending or stopping); the run ends right after.</summary>
    Cancellation,
}
