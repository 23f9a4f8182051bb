namespace VolunteerQuantum.Grid.Units;

/// <summary>
/// A <see cref="UnitKind.Whole"/> unit: run the circuit with these parameter values, then sample
/// <see cref="Shots"/> shots with <see cref="Seed"/> and evaluate the requested outputs.
/// </summary>
public sealed record WholeUnitSpec
{
    public long Shots { get; init; }

    public ulong Seed { get; init; }

    /// <summary>The project wants the final state: every replica sketches it, one uploads it.</summary>
    public bool WantsState { get; init; }

    public IReadOnlyList<string> Amplitudes { get; init; } = [];

    public IReadOnlyList<string> Observables { get; init; } = [];

    /// <summary>Noisy units: the project's trajectories in all (0: an ideal unit).</summary>
    public long Trajectories { get; init; }

    /// <summary>Noisy units: the range [FirstTrajectory, FirstTrajectory + TrajectoryCount) this unit runs.</summary>
    public long FirstTrajectory { get; init; }

    public long TrajectoryCount { get; init; }

    /// <summary>
    /// Noisy units: the shots of the whole run (per point), which the engine shares out over all the
    /// trajectories; <see cref="Shots"/> is this range's share, what its counts add up to.
    /// </summary>
    public long RunShots { get; init; }

    public bool IsNoisy => Trajectories > 0;
}
