using System.Numerics;
using VolunteerQuantum.Grid.Results;

namespace VolunteerQuantum.Grid.Verification;

/// <summary>
/// Decides whether two replicas of one unit agree: counts from the same seed exactly; amplitudes,
/// expectations, trajectory moments, sketches and norms within the float tolerance. Never by hashing rounded values,
/// which splits honest results that straddle a rounding boundary.
/// </summary>
/// <param name="tolerance">Allowed ‖a−b‖₂ between two unit-norm states (see <see cref="FloatTolerance"/>).</param>
/// <param name="observableWeights">Σ|cⱼ| of each observable Σ cⱼPⱼ (default 1).</param>
public sealed class ResultComparer(double tolerance, IReadOnlyDictionary<string, double>? observableWeights = null)
{
    public double Tolerance { get; } = tolerance;

    public bool Agree(UnitResult a, UnitResult b) => Difference(a, b) is null;

    /// <summary>Null when the results agree, else the first difference found, for the record.</summary>
    public string? Difference(UnitResult a, UnitResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Counts.Count != b.Counts.Count || a.Counts.Any(kv => !b.Counts.TryGetValue(kv.Key, out var n) || n != kv.Value))
        {
            return "counts differ";
        }
        if (MomentsDifference(a, b) is { } momentsDifference)
        {
            return momentsDifference;
        }
        if (!SameKeys(a.Amplitudes, b.Amplitudes))
        {
            return "different amplitudes returned";
        }
        // Partial sums over many paths carry rounding in proportion to Σ|a_A·a_B|, not to their value.
        var scale = Math.Max(1, Math.Max(a.PathAbsSum, b.PathAbsSum));
        var amplitudeDistance = Math.Sqrt(a.Amplitudes.Sum(kv => Complex.Abs(kv.Value - b.Amplitudes[kv.Key]) is var d ? d * d : 0));
        if (amplitudeDistance > Tolerance * scale)
        {
            return $"amplitudes differ by {amplitudeDistance:G3} (tolerance {Tolerance * scale:G3})";
        }
        if (Math.Abs(a.PathAbsSum - b.PathAbsSum) > Tolerance * scale)
        {
            return $"path sums of magnitudes differ: {a.PathAbsSum:G17} vs {b.PathAbsSum:G17}";
        }
        if (!SameKeys(a.Expectations, b.Expectations))
        {
            return "different expectations returned";
        }
        foreach (var (observable, value) in a.Expectations)
        {
            // |⟨ψ|P|ψ⟩ − ⟨φ|P|φ⟩| ≤ 2‖ψ−φ‖ for a Pauli string P, so a sum Σ cⱼPⱼ may differ by
            // 2·Σ|cⱼ| times the state tolerance.
            var weight = observableWeights is not null && observableWeights.TryGetValue(observable, out var w) ? w : 1;
            if (Math.Abs(value - b.Expectations[observable]) > 2 * Tolerance * Math.Max(weight, 1))
            {
                return $"expectation of '{observable}' differs: {value:G17} vs {b.Expectations[observable]:G17}";
            }
        }
        if (SketchDifference(a, b) is { } sketchDifference)
        {
            return sketchDifference;
        }
        if (double.IsNaN(a.NormSquared) != double.IsNaN(b.NormSquared)
            || (!double.IsNaN(a.NormSquared) && Math.Abs(a.NormSquared - b.NormSquared) > 2 * Tolerance))
        {
            return $"state norms differ: {a.NormSquared:G17} vs {b.NormSquared:G17}";
        }
        return null;
    }

    /// <summary>
    /// Trajectory moments: the same number of trajectories exactly, and sums that agree within the
    /// float tolerance per trajectory. Each replica runs the same trajectories from the same (seed, index)
    /// streams, so the same branches and the same counts; but a trajectory's expectation value is a
    /// reduction over 2ⁿ amplitudes whose rounding depends on the host's SIMD width, so honest hosts of
    /// different kinds differ in the last bits. A value v ∈ [−W, W] (W = Σ|cⱼ|) from states within the
    /// tolerance τ differs by at most 2τW, so Σv by N·2τW and Σv² by N·4τW²; that much room moves a
    /// cheater's mean by 2τW, far below any standard error.
    /// </summary>
    private string? MomentsDifference(UnitResult a, UnitResult b)
    {
        if (!SameKeys(a.Moments, b.Moments))
        {
            return "different expectation moments returned";
        }
        foreach (var (observable, m) in a.Moments)
        {
            var n = b.Moments[observable];
            var weight = Math.Max(1, observableWeights is not null && observableWeights.TryGetValue(observable, out var w) ? w : 1);
            var room = m.Count * 2 * Tolerance * weight;
            if (m.Count != n.Count || !(Math.Abs(m.Sum - n.Sum) <= room) || !(Math.Abs(m.SumOfSquares - n.SumOfSquares) <= 2 * room * weight))
            {
                return $"moments of '{observable}' differ: ({m.Count}, {m.Sum:G17}, {m.SumOfSquares:G17}) vs ({n.Count}, {n.Sum:G17}, {n.SumOfSquares:G17})";
            }
        }
        return null;
    }

    /// <summary>
    /// Compares states through their sketches wherever both results know a seed slot: a replica
    /// knows its own slot, an uploaded state (sketched by the coordinator) every slot. Two replicas
    /// that only returned sketches under different secret seeds cannot be compared at all; they
    /// count as not agreeing, since only an upload can anchor a verdict on a state.
    /// </summary>
    private string? SketchDifference(UnitResult a, UnitResult b)
    {
        var slotted = a.SketchSlot >= 0 || b.SketchSlot >= 0 || a.SlotSketches.Count > 0 || b.SlotSketches.Count > 0;
        if (!slotted)
        {
            return CompareSketches(a.Sketches, b.Sketches, "");
        }
        var slots = Math.Max(Math.Max(a.SlotSketches.Count, b.SlotSketches.Count), Math.Max(a.SketchSlot, b.SketchSlot) + 1);
        var compared = 0;
        for (var slot = 0; slot < slots; slot++)
        {
            if (SketchesFor(a, slot) is { } sa && SketchesFor(b, slot) is { } sb)
            {
                if (CompareSketches(sa, sb, $" (seed slot {slot})") is { } difference)
                {
                    return difference;
                }
                compared++;
            }
        }
        return compared == 0 ? "the states were sketched with different secret seeds and neither was uploaded: they cannot be compared" : null;
    }

    /// <summary>What a result knows of its state under one slot's seeds: the coordinator's sketch of an upload first.</summary>
    private static IReadOnlyList<Complex>? SketchesFor(UnitResult r, int slot) =>
        slot < r.SlotSketches.Count ? r.SlotSketches[slot] : r.SketchSlot == slot ? r.Sketches : null;

    private string? CompareSketches(IReadOnlyList<Complex> a, IReadOnlyList<Complex> b, string where)
    {
        if (a.Count != b.Count)
        {
            return "different numbers of sketches" + where;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (Complex.Abs(a[i] - b[i]) > Tolerance * FloatTolerance.SketchFactor)
            {
                return $"state sketch {i} differs by {Complex.Abs(a[i] - b[i]):G3}{where}";
            }
        }
        return null;
    }

    private static bool SameKeys<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b) =>
        a.Count == b.Count && a.Keys.All(b.ContainsKey);
}
