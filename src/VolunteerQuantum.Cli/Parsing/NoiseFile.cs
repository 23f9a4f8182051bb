using VolunteerQuantum.Cli.Commands;

namespace VolunteerQuantum.Cli.Parsing;

/// <summary>
/// Reads the noise model file of `vq run` and `vq submit`, refusing a path that is not a readable file
/// with a message naming it (exit 1, as for the circuit file). Its JSON is checked by the coordinator,
/// which reads noise models in one place.
/// </summary>
internal static class NoiseFile
{
    public static string ReadText(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Directory.Exists(file.FullName))
        {
            throw new UsageException($"--noise {file.FullName} is a directory, not a noise model file");
        }
        if (!file.Exists)
        {
            throw new UsageException($"--noise: no such file: {file.FullName}");
        }
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"--noise: cannot read {file.FullName}: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException($"--noise {file.FullName} is empty: there is no noise model in it");
        }
        return text;
    }
}
