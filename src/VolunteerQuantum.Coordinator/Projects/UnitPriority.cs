namespace VolunteerQuantum.Coordinator.Projects;

/// <summary>
/// The order units are served in: the project's sequence number, then the unit's index, packed in
/// one long. Indices get 24 bits, so a project may have at most 2^24 units; the planner's unit limit
/// stays below that, and this checks it rather than let one project's units run into the next's.
/// </summary>
public static class UnitPriority
{
    public const int IndexBits = 24;

    public static long Of(long projectSequence, int unitIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unitIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unitIndex, 1 << IndexBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(projectSequence, long.MaxValue >> IndexBits);
        return (projectSequence << IndexBits) | (long)unitIndex;
    }
}
