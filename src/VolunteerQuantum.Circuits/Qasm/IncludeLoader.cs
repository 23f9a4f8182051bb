using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// Finds and parses included files: the built-in qelib1.inc and stdgates.inc, otherwise a path relative
/// to the including file's directory, read through the caller's reader. Tracks the files being
/// included so that a cycle is an error instead of endless recursion.
/// </summary>
internal sealed class IncludeLoader
{
    private readonly Func<string, string> _reader;
    private readonly List<string> _open = [];

    public IncludeLoader(Func<string, string> reader, string mainFile)
    {
        _reader = reader;
        _open.Add(Key(mainFile));
    }

    /// <summary>
    /// Parses <paramref name="include"/>'s file; the caller processes it and then calls <see cref="Close"/>.
    /// Built-in includes need no <see cref="Close"/>.
    /// </summary>
    public SourceUnit Open(IncludeStatement include, string includingFile, int version, out bool isBuiltIn)
    {
        if (BuiltInIncludes.TryGet(include.Path, out var builtIn))
        {
            isBuiltIn = true;
            return builtIn;
        }
        isBuiltIn = false;
        var directory = includingFile == QasmParser.DefaultFileName ? "" : Path.GetDirectoryName(includingFile) ?? "";
        string path;
        try
        {
            path = Path.Combine(directory, include.Path);
        }
        catch (ArgumentException e)
        {
            throw new QasmException(include.Location, $"cannot read include file '{include.Path}': {e.Message}", e);
        }
        var key = Key(path);
        var cycleStart = _open.IndexOf(key);
        if (cycleStart >= 0)
        {
            var chain = _open.Skip(cycleStart).Append(key).Select(Path.GetFileName);
            throw new QasmException(include.Location, $"include cycle: {string.Join(" -> ", chain)}");
        }
        var text = Read(include, path);
        _open.Add(key);
        return ProgramParser.Parse(text, path, version, library: null);
    }

    public void Close() => _open.RemoveAt(_open.Count - 1);

    private string Read(IncludeStatement include, string path)
    {
        try
        {
            return _reader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or KeyNotFoundException)
        {
            throw new QasmException(include.Location, $"cannot read include file '{include.Path}': {e.Message}", e);
        }
    }

    private static string Key(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }
}
