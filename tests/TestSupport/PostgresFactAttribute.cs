namespace VolunteerQuantum.TestSupport;

/// <summary>A fact that needs a PostgreSQL cluster; skipped, saying how to get one, where the server binaries are absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresCluster.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>The test also reads the shared circuit corpus: skipped where that is absent too.</summary>
    public bool NeedsSharedCircuits
    {
        get => false;
        set
        {
            if (value && Skip is null && SharedFiles.Missing is { } reason)
            {
                Skip = reason;
            }
        }
    }
}

/// <summary>A theory that needs a PostgreSQL cluster; skipped like <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresCluster.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
