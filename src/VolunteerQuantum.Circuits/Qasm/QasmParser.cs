using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// Reads OpenQASM 2.0 (all of it) and the common subset of OpenQASM 3 into a flattened
/// <see cref="Circuit"/>. Bad input throws <see cref="QasmException"/> naming file, line and column.
/// </summary>
public static class QasmParser
{
    /// <summary>The file name in messages when none is given.</summary>
    public const string DefaultFileName = "<input>";

    public static Circuit Parse(string source, QasmParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new QasmParseOptions();
        var file = options.FileName ?? DefaultFileName;
        var reader = options.FileReader ?? File.ReadAllText;
        var main = ProgramParser.Parse(source, file, inheritedVersion: null, library: null);
        return main.Version >= 3
            ? new Qasm3.ProgramCompiler(main, options, reader).Compile()
            : new CircuitFlattener(main, options, reader).Flatten();
    }

    public static Circuit ParseFile(string path, QasmParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new QasmParseOptions();
        var reader = options.FileReader ?? File.ReadAllText;
        var file = options.FileName ?? path;
        string text;
        try
        {
            text = reader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or KeyNotFoundException)
        {
            throw new QasmException(new SourceLocation(file, 1, 1), $"cannot read '{path}': {e.Message}", e);
        }
        return Parse(text, options with { FileName = file });
    }
}
