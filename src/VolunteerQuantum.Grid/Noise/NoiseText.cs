using VolunteerQuantum.Circuits.Noise;
using VolunteerQuantum.Circuits.Noise.Json;

namespace VolunteerQuantum.Grid.Noise;

/// <summary>
/// The one place a grid reads a noise model's text: the coordinator when it validates a submission,
/// the volunteer when it runs a unit. Both read the same text the same way, so a model the
/// coordinator accepted is the model every replica simulates.
/// </summary>
public static class NoiseText
{
    /// <summary>Parses Aer's <c>NoiseModel.to_dict()</c> JSON or the native format.</summary>
    /// <param name="sourceName">The file name, quoted by error messages.</param>
    /// <exception cref="NoiseModelException">The text is not a noise model; the message names the problem and the file.</exception>
    public static NoiseModel Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        return NoiseModelJson.Parse(text, string.IsNullOrWhiteSpace(sourceName) ? "noise.json" : sourceName);
    }
}
