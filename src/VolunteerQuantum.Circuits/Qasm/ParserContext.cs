using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>State the statement, gate and expression parsers share while reading one file.</summary>
internal sealed class ParserContext
{
    // Deep enough for any real program; shallow enough that recursion cannot exhaust the stack.
    private const int MaxNesting = 200;
    private int _nesting;

    public ParserContext(TokenStream tokens, string? library)
    {
        Tokens = tokens;
        Library = library;
    }

    public TokenStream Tokens { get; }

    /// <summary>The built-in include being parsed, or null for user text.</summary>
    public string? Library { get; }

    public int Version { get; set; } = 2;

    public bool IsOpenQasm3 => Version >= 3;

    /// <summary>Fails unless the program declared OpenQASM 3.</summary>
    public void RequireOpenQasm3(SourceLocation location, string feature)
    {
        if (!IsOpenQasm3)
        {
            throw new QasmException(location, $"{feature} requires OpenQASM 3 (declare 'OPENQASM 3;')");
        }
    }

    /// <summary>
    /// Counts one level of nesting (parentheses, blocks). Callers pair it with <see cref="Leave"/>;
    /// an error ends the whole parse, so an exception needs no unwinding.
    /// </summary>
    public void Enter(SourceLocation location)
    {
        if (++_nesting > MaxNesting)
        {
            throw new QasmException(location, $"nesting deeper than {MaxNesting} levels");
        }
    }

    public void Leave() => _nesting--;
}
