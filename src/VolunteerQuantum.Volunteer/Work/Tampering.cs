using System.Numerics;
using VolunteerQuantum.Grid.Execution;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// The deliberate faults behind <see cref="VolunteerOptions.Misbehave"/>, used by end-to-end tests
/// to show that the verifier outvotes a lying volunteer. Each lies consistently: its sketches and
/// amplitudes are those of the altered state, as a careful cheater's would be.
/// </summary>
public static class Tampering
{
    public const string PerturbAmplitudes = "perturb-amplitudes";
    public const string AlterCounts = "alter-counts";
    public const string WrongNorm = "wrong-norm";
    public const string OtherSeed = "other-seed";

    public static UnitTamper? For(string? mode) => mode?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" => null,
        PerturbAmplitudes => new UnitTamper
        {
            // Rotate the phase of every amplitude a little and renormalise nothing: the norm stays 1.
            State = state =>
            {
                for (long i = 0; i < state.Length; i++)
                {
                    state.SetAmplitude(i, state.GetAmplitude(i) * Complex.FromPolarCoordinates(1, 0.05 * (i % 7)));
                }
            },
        },
        AlterCounts => new UnitTamper
        {
            // Move one shot from the most frequent outcome to another: the total still adds up.
            Counts = counts =>
            {
                var altered = counts.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
                if (altered.Count == 0)
                {
                    return altered;
                }
                var top = altered.MaxBy(kv => kv.Value).Key;
                var other = new string(top.Select(c => c switch { '0' => '1', '1' => '0', _ => c }).ToArray());
                altered[top]--;
                altered[other] = altered.GetValueOrDefault(other) + 1;
                return altered.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            },
        },
        WrongNorm => new UnitTamper
        {
            // Scale the state: what a buggy or cheating kernel does to a shard's norm.
            State = state =>
            {
                for (long i = 0; i < state.Length; i++)
                {
                    state.SetAmplitude(i, state.GetAmplitude(i) * 1.01);
                }
            },
        },
        OtherSeed => new UnitTamper
        {
            // Draw its own randomness: trajectories and shots from another seed, all of it consistent.
            Seed = seed => seed ^ 0x5DEECE66DUL,
        },
        var unknown => throw new ArgumentException($"unknown Misbehave mode '{unknown}': use '{PerturbAmplitudes}', '{AlterCounts}', '{WrongNorm}' or '{OtherSeed}'"),
    };
}
