namespace VolunteerQuantum.Coordinator.Progress;

/// <summary>
/// How much of a project's work is done, from what the coordinator knows of its units: a verified
/// unit counts fully; an unverified one by the share of the replicas it wants that have returned
/// or, while running, by their heartbeats' progress.
/// </summary>
public static class WorkFraction
{
    /// <summary>
    /// One unverified unit: it is done when <paramref name="wanted"/> results are in, so each wanted
    /// result is that share of it. Returned results count fully; the rest are the running replicas'
    /// progress, the most advanced first (with one result wanted: the best replica's fraction).
    /// Extra running replicas beyond those wanted add nothing.
    /// </summary>
    public static double OfUnit(int wanted, int returned, IEnumerable<double> running)
    {
        ArgumentNullException.ThrowIfNull(running);
        wanted = Math.Max(1, wanted);
        var done = Math.Clamp(returned, 0, wanted);
        var partial = running.Select(Clamp).OrderDescending().Take(wanted - done).Sum();
        return Math.Min(1, (done + partial) / wanted);
    }

    /// <summary>The project: verified units fully, plus the fractions of the unverified ones that have any work done.</summary>
    public static double OfProject(int unitsTotal, int unitsVerified, IEnumerable<double> unverifiedUnits)
    {
        ArgumentNullException.ThrowIfNull(unverifiedUnits);
        return unitsTotal <= 0 ? 0 : Math.Clamp((unitsVerified + unverifiedUnits.Sum()) / unitsTotal, 0, 1);
    }

    // A volunteer's heartbeat is checked for range on the way in; a NaN must still not poison a sum.
    private static double Clamp(double progress) => double.IsFinite(progress) ? Math.Clamp(progress, 0, 1) : 0;
}
