namespace VolunteerQuantum.Coordinator.Credit;

/// <summary>
/// Recent average credit (BOINC's RAC): credit per day, exponentially averaged with a half-life of
/// one week. Stored as its value at <see cref="AtUtc"/>; between grants it only decays, by exactly
/// 2^(−Δt/half-life), so it is computed at read time from the stored pair.
/// <para>
/// A grant of c credits adds c·ln2/H (H the half-life in days) at the moment it is granted. That is
/// the limit BOINC's update_average takes when grants come close together; BOINC otherwise spreads
/// each grant over the time since the previous one, which makes its RAC depend on how the grants
/// were batched. Here RAC is a pure function of the grants and their times:
/// RAC(t) = Σ cᵢ·(ln2/H)·2^(−(t−tᵢ)/H), so a volunteer granting r credits a day steadily tends to
/// RAC r, as in BOINC, and a grant revoked later is taken out exactly.
/// </para>
/// </summary>
public readonly record struct RecentAverage(double Value, DateTime AtUtc)
{
    /// <summary>BOINC's credit half-life.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(7);

    /// <summary>What a grant of one credit adds at once: ln2 / (half-life in days).</summary>
    public static double Weight => Math.Log(2) / HalfLife.TotalDays;

    /// <summary>The average at <paramref name="now"/> (no decay before <see cref="AtUtc"/>: a clock stepping back never raises it).</summary>
    public double At(DateTime now) => Value == 0 ? 0 : Value * Decay(Utc(now) - Utc(AtUtc));

    /// <summary>The average after granting <paramref name="credit"/> at <paramref name="now"/>.</summary>
    public RecentAverage Grant(double credit, DateTime now)
    {
        var at = Later(now);
        return new RecentAverage(At(at) + (credit * Weight), at);
    }

    /// <summary>The average with a grant of <paramref name="credit"/> made at <paramref name="grantedUtc"/> taken out again at <paramref name="now"/>.</summary>
    public RecentAverage Revoke(double credit, DateTime grantedUtc, DateTime now)
    {
        var at = Later(now);
        // Never below zero: rounding must not leave a negative average behind.
        return new RecentAverage(Math.Max(0, At(at) - (credit * Weight * Decay(at - Utc(grantedUtc)))), at);
    }

    /// <summary>2^(−elapsed/half-life); 1 for a negative span.</summary>
    public static double Decay(TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero ? 1 : Math.Pow(2, -(elapsed.TotalSeconds / HalfLife.TotalSeconds));

    private DateTime Later(DateTime now) => Utc(now) > Utc(AtUtc) ? Utc(now) : Utc(AtUtc);

    /// <summary>LiteDB hands stored times back as local times: compare instants, not clock readings.</summary>
    private static DateTime Utc(DateTime d) => d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : DateTime.SpecifyKind(d, DateTimeKind.Utc);
}
