using System.Globalization;
using System.Numerics;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Recombination;

/// <summary>
/// Assembles a <c>paths</c> project's result: each unit summed a range of Schrödinger–Feynman
/// paths, so an amplitude is the sum of the units' partial sums. With only part of the paths
/// summed (the researcher accepted a fraction), the result says how much, and warns.
/// </summary>
public static class PathsRecombiner
{
    public sealed record Summed(ResultPoint Point, IReadOnlyDictionary<string, string> Run, IReadOnlyList<string> Warnings);

    /// <param name="amplitudes">The basis states asked for, in the order asked.</param>
    /// <param name="pathCount">The project's total number of paths.</param>
    /// <param name="units">The verified units with their canonical results.</param>
    public static Summed Combine(IReadOnlyList<string> amplitudes, double pathCount, IReadOnlyList<(WorkUnitSpec Unit, UnitResult Canonical)> units)
    {
        ArgumentNullException.ThrowIfNull(amplitudes);
        ArgumentNullException.ThrowIfNull(units);
        var sums = new Dictionary<string, Complex>(StringComparer.Ordinal);
        foreach (var (_, result) in units)
        {
            foreach (var (bits, value) in result.Amplitudes)
            {
                sums[bits] = sums.GetValueOrDefault(bits) + value;
            }
        }
        var summed = units.Sum(u => (double)(u.Unit.Paths?.PathCount ?? 0));
        var fraction = pathCount > 0 ? summed / pathCount : 1;
        var run = new Dictionary<string, string>
        {
            ["paths"] = $"{summed:G17} of {pathCount:G17}",
            ["paths fraction"] = fraction.ToString("G6", CultureInfo.InvariantCulture),
        };
        var warnings = fraction < 1
            ? new[] { $"only {fraction:P3} of the paths were summed: for random circuits the expected fidelity is about that fraction" }
            : [];
        var point = new ResultPoint { Amplitudes = amplitudes.ToDictionary(a => a, a => sums.GetValueOrDefault(a), StringComparer.Ordinal) };
        return new Summed(point, run, warnings);
    }
}
