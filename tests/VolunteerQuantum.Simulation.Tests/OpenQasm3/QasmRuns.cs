using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Simulation.Execution;

namespace VolunteerQuantum.Simulation.Tests.OpenQasm3;

/// <summary>
/// Parsing and running OpenQASM programs for the OpenQASM 3 acceptance tests, and the statistics they
/// check samples with. A single probability is checked within 5σ of the binomial (a false failure has
/// probability below 6·10⁻⁷); a joint distribution by Pearson's χ² below its 1 − 10⁻⁶ quantile, over
/// bins whose expected count is at least 5 (the rarer outcomes pooled into one bin).
/// </summary>
internal static class QasmRuns
{
    /// <summary>The first two lines of every OpenQASM 3 program written in these tests.</summary>
    public const string Header = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n";

    /// <summary>Shots of the statistical tests.</summary>
    public const int Shots = 20_000;

    /// <summary>Qiskit-style counts (registers in reverse declaration order, each MSB first).</summary>
    public static IReadOnlyDictionary<string, long> Counts(Circuit circuit, long shots = Shots, ulong seed = 1)
    {
        using var result = new Simulator().Run(circuit, new SimulationRequest { Shots = shots, Seed = seed });
        return result.Counts!.ToQiskitKeys(circuit);
    }

    /// <summary>Runs a program that has one possible outcome, asserts every shot gave it, and returns it.</summary>
    public static string OnlyOutcome(Circuit circuit, long shots = 16, ulong seed = 1)
    {
        var counts = Counts(circuit, shots, seed);
        Assert.True(counts.Count == 1, $"expected one outcome, got {string.Join(", ", counts.Select(kv => $"'{kv.Key}': {kv.Value}"))}");
        var only = counts.Single();
        Assert.Equal(shots, only.Value);
        return only.Key;
    }

    /// <summary><see cref="OnlyOutcome(Circuit, long, ulong)"/> of a source text.</summary>
    public static string OnlyOutcome(string source, QasmParseOptions? options = null) => OnlyOutcome(QasmParser.Parse(source, options));

    /// <summary>The final state of a circuit without measurement, in double precision, by basis index (qubit k = bit k).</summary>
    public static Complex[] FinalState(Circuit circuit)
    {
        using var result = new Simulator(new SimulationOptions { Precision = Precision.Double }).Run(circuit, new SimulationRequest { KeepFinalState = true });
        var state = result.FinalState!;
        var amplitudes = new Complex[state.Length];
        for (var i = 0L; i < state.Length; i++)
        {
            amplitudes[i] = state.GetAmplitude(i);
        }
        return amplitudes;
    }

    /// <summary>Equal amplitude by amplitude (global phase included) within <paramref name="tolerance"/>.</summary>
    public static void AssertSameState(Complex[] expected, Complex[] actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True((expected[i] - actual[i]).Magnitude <= tolerance, $"amplitude {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    /// <summary>Equal up to a global phase: |⟨a|b⟩|² ≥ 1 − <paramref name="tolerance"/> (both normalised).</summary>
    public static void AssertSameStateUpToPhase(Complex[] expected, Complex[] actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        var overlap = Complex.Zero;
        for (var i = 0; i < expected.Length; i++)
        {
            overlap += Complex.Conjugate(expected[i]) * actual[i];
        }
        var fidelity = overlap.Magnitude * overlap.Magnitude;
        Assert.True(fidelity >= 1 - tolerance, $"fidelity {fidelity:R}");
    }

    /// <summary>hits/shots within 5σ of p, σ = √(p(1−p)/shots).</summary>
    public static void AssertProbability(double p, long hits, long shots = Shots)
    {
        var sigma = Math.Sqrt(p * (1 - p) / shots);
        var observed = (double)hits / shots;
        Assert.True(Math.Abs(observed - p) <= 5 * sigma, $"observed {observed:F4}, expected {p:F4} ± {5 * sigma:F4}");
    }

    /// <summary>
    /// Every observed outcome is possible (exact probability &gt; 0), and Pearson's χ² of the counts against
    /// <paramref name="exact"/> is below the 1 − 10⁻⁶ quantile. Outcomes expected fewer than 5 times are pooled.
    /// </summary>
    public static void AssertDistribution(IReadOnlyDictionary<string, double> exact, IReadOnlyDictionary<string, long> counts)
    {
        var impossible = counts.Keys.Where(k => exact.GetValueOrDefault(k) <= 0).ToList();
        Assert.True(impossible.Count == 0, $"outcomes that cannot occur: {string.Join(", ", impossible)}");
        var shots = counts.Values.Sum();
        var bins = new List<(double Expected, long Observed)>();
        double rareExpected = 0;
        long rareObserved = 0;
        foreach (var (key, p) in exact)
        {
            if (shots * p >= 5)
            {
                bins.Add((shots * p, counts.GetValueOrDefault(key)));
            }
            else
            {
                rareExpected += shots * p;
                rareObserved += counts.GetValueOrDefault(key);
            }
        }
        if (rareExpected >= 5)
        {
            bins.Add((rareExpected, rareObserved));
        }
        Assert.True(bins.Count >= 2, "fewer than two bins: nothing to compare");
        var chi2 = bins.Sum(b => Math.Pow(b.Observed - b.Expected, 2) / b.Expected);
        var bound = ChiSquareQuantile(bins.Count - 1, 1e-6);
        Assert.True(chi2 < bound, $"χ² = {chi2:F1} over {bins.Count} bins, bound {bound:F1}");
    }

    /// <summary>The x with P(χ²_df &gt; x) = <paramref name="tail"/>, by bisection on the regularized gamma function.</summary>
    public static double ChiSquareQuantile(int degreesOfFreedom, double tail)
    {
        double lo = 0, hi = 10 * (degreesOfFreedom + 50);
        for (var i = 0; i < 200; i++)
        {
            var mid = (lo + hi) / 2;
            if (UpperRegularizedGamma(degreesOfFreedom / 2.0, mid / 2) > tail)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>Q(a, x) = Γ(a, x)/Γ(a): the series of P below a + 1, Lentz's continued fraction above (Numerical Recipes §6.2).</summary>
    private static double UpperRegularizedGamma(double a, double x)
    {
        if (x <= 0)
        {
            return 1;
        }
        var logPrefix = -x + (a * Math.Log(x)) - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term, n = a;
            for (var k = 0; k < 10_000 && Math.Abs(term) > Math.Abs(sum) * 1e-17; k++)
            {
                n++;
                term *= x / n;
                sum += term;
            }
            return 1 - (sum * Math.Exp(logPrefix));
        }
        double b = x + 1 - a, c = 1e300, d = 1 / b, h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < 1e-300 ? 1e300 : 1 / d;
            c = b + (an / c);
            if (Math.Abs(c) < 1e-300)
            {
                c = 1e-300;
            }
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }
        return Math.Exp(logPrefix) * h;
    }

    /// <summary>ln Γ(a) for a &gt; 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative).</summary>
    private static double LogGamma(double a)
    {
        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (a < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * a))) - LogGamma(1 - a);
        }
        a -= 1;
        var sum = g[0];
        for (var i = 1; i < g.Length; i++)
        {
            sum += g[i] / (a + i);
        }
        var t = a + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((a + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
