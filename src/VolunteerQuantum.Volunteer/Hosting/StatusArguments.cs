namespace VolunteerQuantum.Volunteer.Hosting;

/// <summary>The one option of `vq-volunteer status`: which data directory to read.</summary>
public static class StatusArguments
{
    public static string? DataDirectory(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--data-dir" && i + 1 < args.Count)
            {
                return args[i + 1];
            }
            if (args[i].StartsWith("--data-dir=", StringComparison.Ordinal))
            {
                return args[i]["--data-dir=".Length..];
            }
        }
        return null;
    }
}
