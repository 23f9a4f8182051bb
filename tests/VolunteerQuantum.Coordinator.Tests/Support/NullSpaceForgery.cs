using System.Numerics;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Simulation.StateSpace;

namespace VolunteerQuantum.Coordinator.Tests.Support;

/// <summary>
/// The attack of an uploader that knows the seeds its upload is checked with. With S the span of
/// the random-sign vectors of those seeds and N its orthogonal complement, it uploads
/// ψ' = P_S ψ + ‖P_N ψ‖·u for a random unit u in N orthogonal to ψ: every sketch under those seeds
/// and the norm are exactly those of ψ, while |⟨ψ|ψ'⟩|² = ‖P_S ψ‖⁴ is close to 0.
/// </summary>
public static class NullSpaceForgery
{
    /// <summary>Replaces the state in place; returns the fidelity |⟨ψ|ψ'⟩|²/‖ψ‖⁴ of the forgery with the truth.</summary>
    public static double Forge(StateVector state, IReadOnlyList<ulong> seeds, Random random)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(random);
        var n = (int)state.Length;
        var first = (ulong)state.GlobalIndexBase;
        // An orthonormal basis of S (the sign vectors are real, so it serves complex vectors too).
        var basis = new List<Complex[]>();
        foreach (var seed in seeds)
        {
            var r = Enumerable.Range(0, n).Select(i => new Complex(RandomSignSketch.Sign(seed, first + (ulong)i), 0)).ToArray();
            Orthonormalize(r, basis);
            basis.Add(r);
        }
        var psi = Enumerable.Range(0, n).Select(i => state.GetAmplitude(i)).ToArray();
        var inNull = (Complex[])psi.Clone();
        Orthonormalize(inNull, basis, normalize: false);
        var nullNorm = Math.Sqrt(inNull.Sum(c => c.Magnitude * c.Magnitude));
        var u = Enumerable.Range(0, n).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray();
        Orthonormalize(u, [.. basis, Normalized(inNull)]);
        var psiNorm = psi.Sum(c => c.Magnitude * c.Magnitude);
        var overlap = Complex.Zero;
        for (var i = 0; i < n; i++)
        {
            var forged = psi[i] - inNull[i] + (nullNorm * u[i]);
            overlap += Complex.Conjugate(psi[i]) * forged;
            state.SetAmplitude(i, forged);
        }
        return overlap.Magnitude * overlap.Magnitude / (psiNorm * psiNorm);
    }

    /// <summary>Removes from v its components along the (orthonormal) basis, then normalises it unless told not to.</summary>
    private static void Orthonormalize(Complex[] v, IEnumerable<Complex[]> basis, bool normalize = true)
    {
        foreach (var b in basis)
        {
            var dot = Complex.Zero;
            for (var i = 0; i < v.Length; i++)
            {
                dot += Complex.Conjugate(b[i]) * v[i];
            }
            for (var i = 0; i < v.Length; i++)
            {
                v[i] -= dot * b[i];
            }
        }
        if (normalize)
        {
            var norm = Math.Sqrt(v.Sum(c => c.Magnitude * c.Magnitude));
            for (var i = 0; i < v.Length; i++)
            {
                v[i] /= norm;
            }
        }
    }

    private static Complex[] Normalized(Complex[] v)
    {
        var norm = Math.Sqrt(v.Sum(c => c.Magnitude * c.Magnitude));
        return [.. v.Select(c => c / norm)];
    }
}
