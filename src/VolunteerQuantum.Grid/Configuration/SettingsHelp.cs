using System.Collections;
using System.Globalization;
using System.Reflection;

namespace VolunteerQuantum.Grid.Configuration;

/// <summary>
/// `--help` for the standalone services (vq-coordinator, vq-volunteer): they take only .NET
/// configuration, so the help lists every setting of their options class with its default, read from
/// the class itself so it can never fall behind.
/// </summary>
public static class SettingsHelp
{
    public static bool Asked(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h" or "-?" or "/?");

    public static string Describe<TOptions>(string program, string section, string summary)
        where TOptions : new()
    {
        var defaults = new TOptions();
        var lines = new List<string>
        {
            $"{program}: {summary}",
            "",
            $"Usage: {program} [--{section}:Setting=value ...]",
            "",
            $"Every setting can also come from appsettings.json (section \"{section}\") or from the",
            $"environment as {section}__Setting. Settings and their defaults:",
        };
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            lines.Add($"  {section}:{property.Name} = {Show(property.GetValue(defaults))}");
        }
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static string Show(object? value) => value switch
    {
        null => "(none)",
        string s when s.Length == 0 => "(none)",
        string s => s,
        bool b => b ? "true" : "false",
        IEnumerable list and not string => list.Cast<object>().Any() ? string.Join(",", list.Cast<object>()) : "(none)",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
