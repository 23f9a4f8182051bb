using System.Numerics;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Units;
using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Grid.Recombination;

/// <summary>
/// Assembles the canonical results of a <c>whole</c> project's units into its result: counts of
/// the units of one parameter point add up (each unit sampled its own shots with its own seed),
/// expectation values average over the units that computed them (equal weights), amplitudes and
/// the state come from the unit that computed them. Noisy units cover ranges of the same trajectories:
/// their moments add up, and the expectation values and standard errors come from the pooled moments.
/// </summary>
public static class WholeRecombiner
{
    /// <param name="points">The parameter values of each point, in point order.</param>
    /// <param name="units">Every unit of the project with its canonical result.</param>
    public static IReadOnlyList<ResultPoint> Combine(
        IReadOnlyList<IReadOnlyDictionary<string, double>> points,
        IReadOnlyList<(WorkUnitSpec Unit, UnitResult Canonical)> units)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(units);
        var result = new ResultPoint[points.Count];
        for (var p = 0; p < points.Count; p++)
        {
            var mine = units.Where(u => u.Unit.Point == p).OrderBy(u => u.Unit.Index).ToArray();
            var shots = mine.Sum(u => u.Unit.Whole?.Shots ?? 0);
            var wantsState = mine.Any(u => u.Unit.Whole?.WantsState == true);
            if (mine.Any(u => u.Unit.Whole?.IsNoisy == true))
            {
                var pooled = Pool(mine.Select(u => u.Canonical.Moments));
                result[p] = new ResultPoint
                {
                    Parameters = points[p],
                    Shots = shots,
                    Counts = shots > 0 ? AddCounts(mine.Select(u => u.Canonical.Counts)) : null,
                    Trajectories = mine.Sum(u => u.Unit.Whole!.TrajectoryCount),
                    Expectations = pooled?.ToDictionary(kv => kv.Key, kv => kv.Value.Mean, StringComparer.Ordinal),
                    ExpectationErrors = pooled?.ToDictionary(kv => kv.Key, kv => kv.Value.StandardError, StringComparer.Ordinal),
                };
                continue;
            }
            result[p] = new ResultPoint
            {
                Parameters = points[p],
                Shots = shots,
                Counts = shots > 0 ? AddCounts(mine.Select(u => u.Canonical.Counts)) : null,
                Amplitudes = Merge(mine.Select(u => u.Canonical.Amplitudes)),
                Expectations = Average(mine.Select(u => u.Canonical.Expectations)),
                State = wantsState ? mine.Select(u => u.Canonical.StateBlob).FirstOrDefault(s => s is not null) : null,
            };
        }
        return result;
    }

    private static Dictionary<string, long> AddCounts(IEnumerable<IReadOnlyDictionary<string, long>> parts)
    {
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            foreach (var (key, n) in part)
            {
                total[key] = total.GetValueOrDefault(key) + n;
            }
        }
        return total;
    }

    /// <summary>Each observable's moments summed over the units, in unit order (null without observables).</summary>
    public static Dictionary<string, ObservableMoments>? Pool(IEnumerable<IReadOnlyDictionary<string, ObservableMoments>> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        Dictionary<string, ObservableMoments>? pooled = null;
        foreach (var part in parts)
        {
            foreach (var (key, m) in part)
            {
                pooled ??= new Dictionary<string, ObservableMoments>(StringComparer.Ordinal);
                pooled[key] = pooled.GetValueOrDefault(key) + m;
            }
        }
        return pooled;
    }

    private static Dictionary<string, Complex>? Merge(IEnumerable<IReadOnlyDictionary<string, Complex>> parts)
    {
        Dictionary<string, Complex>? merged = null;
        foreach (var part in parts.Where(p => p.Count > 0))
        {
            merged ??= new Dictionary<string, Complex>(StringComparer.Ordinal);
            foreach (var (key, value) in part)
            {
                merged.TryAdd(key, value);
            }
        }
        return merged;
    }

    private static Dictionary<string, double>? Average(IEnumerable<IReadOnlyDictionary<string, double>> parts)
    {
        var sums = new Dictionary<string, (double Sum, int N)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var part in parts)
        {
            foreach (var (key, value) in part)
            {
                if (!sums.TryGetValue(key, out var s))
                {
                    order.Add(key);
                }
                sums[key] = (s.Sum + value, s.N + 1);
            }
        }
        return order.Count == 0 ? null : order.ToDictionary(k => k, k => sums[k].Sum / sums[k].N, StringComparer.Ordinal);
    }
}
