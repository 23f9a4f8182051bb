namespace VolunteerQuantum.Grid.Projects;

/// <summary>
/// The parameter points of a sweep: every combination of the swept values, the first sweep varying
/// slowest, each with the fixed parameters too. The grid's planner and `vq simulate --sweep` use the
/// same order, so point p means the same values in both.
/// </summary>
public static class ParameterPoints
{
    public static List<IReadOnlyDictionary<string, double>> Of(IReadOnlyDictionary<string, double> fixedParameters, IReadOnlyList<ParameterSweep> sweeps)
    {
        ArgumentNullException.ThrowIfNull(fixedParameters);
        ArgumentNullException.ThrowIfNull(sweeps);
        var points = new List<IReadOnlyDictionary<string, double>> { new Dictionary<string, double>(fixedParameters, StringComparer.Ordinal) };
        foreach (var sweep in sweeps)
        {
            points = points
                .SelectMany(p => sweep.Values.Select(v => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(p, StringComparer.Ordinal) { [sweep.Name] = v }))
                .ToList();
        }
        return points;
    }

    /// <summary>
    /// The number of points, in double so that a product of many sweeps cannot wrap around to a small number.
    /// </summary>
    public static double Count(IReadOnlyList<ParameterSweep> sweeps) => sweeps.Aggregate(1.0, (n, s) => n * s.Values.Count);
}
