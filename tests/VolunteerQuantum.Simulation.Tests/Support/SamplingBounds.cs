using VolunteerQuantum.Simulation.Results;

namespace VolunteerQuantum.Simulation.Tests.Support;

/// <summary>
/// How far N independent samples of a distribution on K outcomes may fall from it. The
/// Bretagnolle–Huber–Carol inequality P(‖p̂ − p‖₁ ≥ ε) ≤ 2^K e^(−Nε²/2) holds for every N and K;
/// solved for a false-alarm rate α it gives ε = √(2(K ln 2 + ln(1/α))/N), and total variation is ‖·‖₁/2.
/// </summary>
internal static class SamplingBounds
{
    /// <summary>The total variation that N samples on K outcomes exceed with probability at most α.</summary>
    public static double TotalVariation(int outcomes, long samples, double falseAlarm) =>
        Math.Sqrt(2 * ((outcomes * Math.Log(2)) + Math.Log(1 / falseAlarm)) / samples) / 2;

    /// <summary>
    /// Two-sided tail of a normal beyond <paramref name="sigmas"/> standard deviations, erfc(z/√2): the
    /// false-alarm rate of a mean checked within z standard errors, by the central limit theorem.
    /// </summary>
    public static double NormalTail(double sigmas) => Erfc(sigmas / Math.Sqrt(2));

    /// <summary>½ Σ |p − p̂| over every outcome either side gives, with the counts made frequencies.</summary>
    public static double TotalVariationDistance(IReadOnlyDictionary<ClbitValue, double> exact, IReadOnlyDictionary<ClbitValue, long> counts) =>
        TotalVariationDistance(exact.ToDictionary(kv => kv.Key.ToUInt64(), kv => kv.Value), counts.ToDictionary(kv => kv.Key.ToUInt64(), kv => kv.Value));

    public static double TotalVariationDistance(IReadOnlyDictionary<ulong, double> exact, IReadOnlyDictionary<ulong, long> counts)
    {
        var shots = (double)counts.Values.Sum();
        var sum = exact.Sum(kv => Math.Abs(kv.Value - (counts.GetValueOrDefault(kv.Key) / shots)));
        sum += counts.Where(kv => !exact.ContainsKey(kv.Key)).Sum(kv => kv.Value / shots);
        return sum / 2;
    }

    /// <summary>erfc for x ≥ 0 by its continued fraction (Lentz), to ~1e-15 relative: only for stating rates.</summary>
    private static double Erfc(double x)
    {
        if (x < 2)
        {
            // Series of erf for small x.
            double term = x, sum = x;
            for (var k = 1; k < 60; k++)
            {
                term *= -x * x / k;
                sum += term / ((2 * k) + 1);
            }
            return 1 - (2 / Math.Sqrt(Math.PI) * sum);
        }
        // erfc(x) = e^(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))).
        var f = x;
        for (var k = 60; k >= 1; k--)
        {
            f = x + (k / 2.0 / f);
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
