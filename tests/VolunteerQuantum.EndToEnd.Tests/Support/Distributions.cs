namespace VolunteerQuantum.EndToEnd.Tests.Support;

/// <summary>Statistics for comparing sampled counts with a distribution.</summary>
internal static class Distributions
{
    public static double TotalVariation(IReadOnlyDictionary<string, long> counts, IReadOnlyDictionary<string, double> expected)
    {
        var shots = counts.Values.Sum();
        var keys = counts.Keys.Union(expected.Keys);
        return 0.5 * keys.Sum(k => Math.Abs((counts.GetValueOrDefault(k) / (double)shots) - expected.GetValueOrDefault(k)));
    }

    /// <summary>
    /// A bound the TVD of N honest samples from k outcomes exceeds with probability below 1e-6:
    /// E[TVD] ≤ ½√(k/N) (Cauchy–Schwarz), and one sample moves the TVD by at most 1/N, so by
    /// McDiarmid P(TVD − E[TVD] &gt; t) ≤ exp(−2Nt²), i.e. t = √(ln(10⁶)/(2N)).
    /// </summary>
    public static double Bound(int outcomes, long shots) =>
        (0.5 * Math.Sqrt(outcomes / (double)shots)) + Math.Sqrt(Math.Log(1e6) / (2.0 * shots));
}
