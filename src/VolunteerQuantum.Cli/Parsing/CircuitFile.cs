using VolunteerQuantum.Cli.Commands;

namespace VolunteerQuantum.Cli.Parsing;

/// <summary>
/// Reads the circuit file (or noise model) a command was given, refusing what cannot be a program with a message that
/// says what is wrong with the path itself (no file, a directory, nothing in it) rather than a
/// parser position or an operating-system error.
/// </summary>
internal static class CircuitFile
{
    public static string ReadText(FileInfo file) => ReadText(file, "an OpenQASM file", "OpenQASM program");

    /// <param name="kind">What the file should be ("an OpenQASM file"), for messages.</param>
    /// <param name="content">What an empty file lacks ("OpenQASM program").</param>
    public static string ReadText(FileInfo file, string kind, string content)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Directory.Exists(file.FullName))
        {
            throw new UsageException($"{file.FullName} is a directory, not {kind}");
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
            throw new UsageException($"{file.FullName} is empty: there is no {content} in it");
        }
        return text;
    }
}
