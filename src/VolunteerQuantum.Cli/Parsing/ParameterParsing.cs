using System.Globalization;
using VolunteerQuantum.Grid.Projects;

namespace VolunteerQuantum.Cli.Parsing;

/// <summary>Parses <c>--param name=value</c> and <c>--sweep name=v1,v2,…</c> or <c>name=start:stop:count</c>.</summary>
public static class ParameterParsing
{
    public static Dictionary<string, double> Parameters(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var (name, value) = Split(item, "--param");
            if (!result.TryAdd(name, Number(value, item)))
            {
                throw new FormatException($"--param {name} is given twice");
            }
        }
        return result;
    }

    public static List<ParameterSweep> Sweeps(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sweeps = new List<ParameterSweep>();
        foreach (var item in items)
        {
            var (name, values) = Split(item, "--sweep");
            var parts = values.Split(':');
            if (parts.Length == 3)
            {
                var start = Number(parts[0], item);
                var stop = Number(parts[1], item);
                if (!int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 1)
                {
                    throw new FormatException($"--sweep {item}: the count after the second ':' must be a positive integer");
                }
                sweeps.Add(new ParameterSweep(name, Enumerable.Range(0, count).Select(i => count == 1 ? start : start + ((stop - start) * i / (count - 1))).ToArray()));
            }
            else
            {
                sweeps.Add(new ParameterSweep(name, values.Split(',').Select(v => Number(v, item)).ToArray()));
            }
        }
        return sweeps;
    }

    private static (string Name, string Value) Split(string item, string option)
    {
        var eq = item.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == item.Length - 1)
        {
            throw new FormatException($"{option} '{item}': expected name=value");
        }
        return (item[..eq].Trim(), item[(eq + 1)..].Trim());
    }

    private static double Number(string text, string item)
    {
        var t = text.Trim();
        if (t.Contains("pi", StringComparison.OrdinalIgnoreCase))
        {
            // Accept "pi", "-pi", "0.5pi", "pi/2": common ways to write angles.
            var parts = t.ToLowerInvariant().Split("pi");
            var factor = parts[0] is "" or "+" ? 1 : parts[0] == "-" ? -1 : Number(parts[0].TrimEnd('*'), item);
            var divisor = parts[1].StartsWith('/') ? Number(parts[1][1..], item) : parts[1] == "" ? 1 : throw new FormatException($"'{item}': '{text}' is not a number");
            return factor * Math.PI / divisor;
        }
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"'{item}': '{text}' is not a number");
    }
}
