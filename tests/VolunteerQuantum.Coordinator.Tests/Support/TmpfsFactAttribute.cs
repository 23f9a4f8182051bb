namespace VolunteerQuantum.Coordinator.Tests.Support;

/// <summary>A fact that needs a real tmpfs mount; skipped, saying why, where none can be mounted.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
