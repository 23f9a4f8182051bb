namespace VolunteerQuantum.TestSupport;

/// <summary>A fact that needs a headless chromium; skipped, saying how to install it, where there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
