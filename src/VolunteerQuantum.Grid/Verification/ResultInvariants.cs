using System.Numerics;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Verification;

/// <summary>
/// Checks one result on its own, before any comparison: what no honest volunteer can return
/// (NaN or Inf, counts that do not add up to the shots asked for, malformed keys, a state whose
/// norm is not 1, missing outputs) is rejected at once, even when it is the only replica.
/// </summary>
public static class ResultInvariants
{
    /// <param name="unit">The unit the result claims to answer.</param>
    /// <param name="keyGroupSizes">Sizes of the classical registers in counts keys, leftmost first (last-declared register first).</param>
    /// <param name="tolerance">The unit's float tolerance.</param>
    /// <returns>Null when the result may be compared with others, else why it is rejected.</returns>
    public static string? Violation(WorkUnitSpec unit, UnitResult result, IReadOnlyList<int> keyGroupSizes, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(keyGroupSizes);
        if (unit.Shard is { } shard)
        {
            return ShardViolation(shard, result, tolerance);
        }
        if (unit.Paths is { } paths)
        {
            return PathsViolation(paths, result, tolerance);
        }
        var whole = unit.Whole;
        if (whole is null)
        {
            return null;
        }
        if (result.Counts.Values.Any(c => c < 0) || result.Counts.Values.Sum() != whole.Shots)
        {
            return $"counts add up to {result.Counts.Values.Sum()}, not the {whole.Shots} shots asked for";
        }
        var badKey = result.Counts.Keys.FirstOrDefault(k => !IsWellFormedKey(k, keyGroupSizes));
        if (badKey is not null)
        {
            return $"malformed counts key '{Truncate(badKey)}'";
        }
        if (whole.Amplitudes.Any(a => !result.Amplitudes.ContainsKey(a)) || result.Amplitudes.Count != whole.Amplitudes.Count)
        {
            return "the amplitudes returned are not the ones asked for";
        }
        if (result.Amplitudes.Values.Any(a => !IsFinite(a) || Complex.Abs(a) > 1 + tolerance))
        {
            return "an amplitude is not finite or exceeds 1 in magnitude";
        }
        if (whole.Observables.Any(o => !result.Expectations.ContainsKey(o)) || result.Expectations.Count != whole.Observables.Count)
        {
            return "the expectations returned are not the ones asked for";
        }
        if (result.Expectations.Values.Any(v => !double.IsFinite(v)))
        {
            return "an expectation value is not finite";
        }
        if (MomentsViolation(whole, result) is { } momentsViolation)
        {
            return momentsViolation;
        }
        if (result.Sketches.Any(s => !IsFinite(s)))
        {
            return "a state sketch is not finite";
        }
        if (whole.WantsState && (!double.IsFinite(result.NormSquared) || Math.Abs(result.NormSquared - 1) > 4 * tolerance))
        {
            return $"the state's norm² is {result.NormSquared:G17}, not 1";
        }
        return null;
    }

    /// <summary>A noisy unit returns one moment triple per observable over exactly its trajectories; an ideal unit none.</summary>
    private static string? MomentsViolation(WholeUnitSpec whole, UnitResult result)
    {
        if (!whole.IsNoisy)
        {
            return result.Moments.Count > 0 ? "moments returned for a unit without trajectories" : null;
        }
        if (whole.Observables.Any(o => !result.Moments.ContainsKey(o)) || result.Moments.Count != whole.Observables.Count)
        {
            return "the expectation moments returned are not the ones asked for";
        }
        foreach (var (observable, m) in result.Moments)
        {
            if (m.Count != whole.TrajectoryCount)
            {
                return $"the moments of '{Truncate(observable)}' count {m.Count} trajectories, not the unit's {whole.TrajectoryCount}";
            }
            if (!double.IsFinite(m.Sum) || !double.IsFinite(m.SumOfSquares) || m.SumOfSquares < 0)
            {
                return $"the moments of '{Truncate(observable)}' are not finite or have a negative sum of squares";
            }
        }
        return null;
    }

    /// <summary>A stage's gates are unitary: a shard leaves the stage with the norm² it came in with.</summary>
    private static string? ShardViolation(ShardUnitSpec shard, UnitResult result, double tolerance)
    {
        if (result.Counts.Count > 0 || result.Amplitudes.Count > 0 || result.Expectations.Count > 0)
        {
            return "a shard unit returns its shard, not counts, amplitudes or expectations";
        }
        if (result.Sketches.Any(s => !IsFinite(s)))
        {
            return "a shard sketch is not finite";
        }
        return !double.IsFinite(result.NormSquared) || Math.Abs(result.NormSquared - shard.InputNormSquared) > 4 * tolerance
            ? $"the shard's norm² changed from {shard.InputNormSquared:G17} to {result.NormSquared:G17} within the stage"
            : null;
    }

    private static string? PathsViolation(PathsUnitSpec paths, UnitResult result, double tolerance)
    {
        if (paths.Amplitudes.Any(a => !result.Amplitudes.ContainsKey(a)) || result.Amplitudes.Count != paths.Amplitudes.Count)
        {
            return "the partial sums returned are not the amplitudes asked for";
        }
        if (!double.IsFinite(result.PathAbsSum) || result.PathAbsSum < 0 || result.Amplitudes.Values.Any(a => !IsFinite(a)))
        {
            return "a partial sum is not finite";
        }
        // |Σ a_A·a_B| can never exceed Σ|a_A·a_B|.
        var largest = result.Amplitudes.Values.Select(Complex.Abs).DefaultIfEmpty(0).Max();
        return largest > result.PathAbsSum + (tolerance * Math.Max(1, result.PathAbsSum))
            ? $"a partial sum ({largest:G6}) exceeds the sum of its paths' magnitudes ({result.PathAbsSum:G6})"
            : null;
    }

    private static bool IsFinite(Complex c) => double.IsFinite(c.Real) && double.IsFinite(c.Imaginary);

    private static bool IsWellFormedKey(string key, IReadOnlyList<int> groupSizes)
    {
        var expectedLength = groupSizes.Sum() + Math.Max(0, groupSizes.Count - 1);
        if (key.Length != expectedLength)
        {
            return false;
        }
        var position = 0;
        for (var g = 0; g < groupSizes.Count; g++)
        {
            if (g > 0 && key[position++] != ' ')
            {
                return false;
            }
            for (var i = 0; i < groupSizes[g]; i++)
            {
                if (key[position] is not ('0' or '1'))
                {
                    return false;
                }
                position++;
            }
        }
        return true;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
