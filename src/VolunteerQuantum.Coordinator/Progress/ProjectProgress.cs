namespace VolunteerQuantum.Coordinator.Progress;

/// <summary>
/// A running project's live progress as the progress monitor last computed it: the fraction of its
/// work done, how many of its running replicas are suspended, the recent rate, the time left at it,
/// and why nothing runs when nothing does.
/// </summary>
public sealed record ProjectProgress(
    double WorkFraction,
    int ReplicasPaused,
    double UnitsPerSecond,
    double WindowSeconds,
    double? EtaSeconds,
    ProjectStall? Stall);
