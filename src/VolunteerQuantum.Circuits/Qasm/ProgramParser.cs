using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>Reads one file: the optional <c>OPENQASM</c> header, then statements to the end.</summary>
internal static class ProgramParser
{
    /// <param name="text">The file's text.</param>
    /// <param name="file">Its name in messages.</param>
    /// <param name="inheritedVersion">For an included file, the including program's version; null for the main file.</param>
    /// <param name="library">The built-in include being parsed, or null.</param>
    public static SourceUnit Parse(string text, string file, int? inheritedVersion, string? library)
    {
        var tokens = new TokenStream(new QasmLexer(text, file));
        var context = new ParserContext(tokens, library);
        var hasHeader = tokens.Peek().IsIdentifier("OPENQASM");
        if (hasHeader)
        {
            var header = Header(tokens);
            if (inheritedVersion is int program && program != header.Major)
            {
                throw new QasmException(header.Location, $"included file declares OpenQASM {header.Major} but the program is OpenQASM {program}");
            }
            context.Version = header.Major;
        }
        else
        {
            context.Version = inheritedVersion ?? 2;
        }
        var parser = new StatementParser(context);
        var statements = new List<Statement>();
        while (!tokens.At(TokenKind.EndOfFile))
        {
            parser.Parse(statements, topLevel: true);
        }
        return new SourceUnit(file, context.Version, hasHeader, statements);
    }

    private static VersionStatement Header(TokenStream tokens)
    {
        var keyword = tokens.Next();
        var version = tokens.Peek();
        if (version.Kind is not (TokenKind.Integer or TokenKind.Real))
        {
            throw tokens.Unexpected("a version number");
        }
        tokens.Next();
        var major = version.Text switch
        {
            "2" or "2.0" => 2,
            "3" or "3.0" or "3.1" => 3,
            _ => throw new QasmException(version.Location, $"unsupported OpenQASM version '{version.Text}' (supported: 2.0, 3.0, 3.1)"),
        };
        tokens.Expect(TokenKind.Semicolon);
        return new VersionStatement(keyword.Location, major);
    }
}
