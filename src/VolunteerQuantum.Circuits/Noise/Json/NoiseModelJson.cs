using System.Text.Json;

namespace VolunteerQuantum.Circuits.Noise.Json;

/// <summary>
/// Noise models from JSON: Qiskit Aer's <c>NoiseModel.to_dict()</c> (recognized by its top-level
/// <c>errors</c> list) or VolunteerQuantum's own format (see the README). Every problem, from a syntax
/// error to an unknown field or channel, is a <see cref="NoiseModelException"/> naming the source and
/// the place in it.
/// </summary>
public static class NoiseModelJson
{
    /// <param name="sourceName">How messages name the text (a file name).</param>
    public static NoiseModel Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new NoiseModelException($"{sourceName}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");
        }
        using (document)
        {
            var root = new JsonCursor(document.RootElement, sourceName, "");
            root.Object("errors", "x90_gates", "gates", "measure", "reset", "idle", "readout");
            return root.Has("errors") ? AerNoiseModelReader.Read(root) : NativeNoiseModelReader.Read(root);
        }
    }

    public static NoiseModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NoiseModelException($"cannot read the noise model '{path}': {e.Message}");
        }
        return Parse(text, Path.GetFileName(path));
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends its own zero-based position ("LineNumber: 0 | …"); ours is given already.
        foreach (var tail in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }
        return message;
    }
}
