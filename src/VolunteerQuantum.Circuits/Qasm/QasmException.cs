using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// A problem in OpenQASM input. <see cref="Exception.Message"/> reads <c>file:line:col: error: detail</c>,
/// the form compilers use, so callers can show it to a person as it is.
/// </summary>
public sealed class QasmException : Exception
{
    public QasmException()
        : this(new SourceLocation("<input>", 1, 1), "invalid OpenQASM")
    {
    }

    public QasmException(string message)
        : this(new SourceLocation("<input>", 1, 1), message)
    {
    }

    public QasmException(string message, Exception innerException)
        : this(new SourceLocation("<input>", 1, 1), message, innerException)
    {
    }

    public QasmException(SourceLocation location, string detail, Exception? innerException = null)
        : base(Format(location, detail), innerException)
    {
        ArgumentNullException.ThrowIfNull(location);
        File = location.File;
        Line = location.Line;
        Column = location.Column;
        Detail = detail;
    }

    /// <summary>The file the problem is in, as named in messages.</summary>
    public string File { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column.</summary>
    public int Column { get; }

    /// <summary>The message without its <c>file:line:col: error:</c> prefix.</summary>
    public string Detail { get; }

    private static string Format(SourceLocation location, string detail)
    {
        ArgumentNullException.ThrowIfNull(location);
        return $"{location.File}:{location.Line}:{location.Column}: error: {detail}";
    }
}
