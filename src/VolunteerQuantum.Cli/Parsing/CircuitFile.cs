using VolunteerQuantum.Cli.Commands;

namespace VolunteerQuantum.Cli.Parsing;

/// <summary>
/// Reads the circuit file a command was given, refusing what cannot be a program with a message that
/// says what is wrong with the path itself (no file, a directory, nothing in it) rather than a
/// parser position or an operating-system error.
/// </summary>
internal static class CircuitFile
{
    public static string ReadText(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Directory.Exists(file.FullName))
        {
            throw new UsageException($"{file.FullName} is a directory, not an OpenQASM file");
        }
        if (!file.Exists)
        {
            throw new UsageException($"no such file: {file.FullName}");
        }
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {file.FullName}: permission denied");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException($"{file.FullName} is empty: there is no OpenQASM program in it");
        }
        return text;
    }
}
