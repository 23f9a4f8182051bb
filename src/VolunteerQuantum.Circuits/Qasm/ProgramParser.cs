using VolunteerQuantum.Circuits.Qasm.Qasm3;
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
        var warnings = new List<string>();
        if (hasHeader)
        {
            var header = Header(tokens);
            if (inheritedVersion is int program && program != header.Major)
            {
                throw new QasmException(header.Location, $"included file declares OpenQASM {header.Major} but the program is OpenQASM {program}");
            }
            context.Version = header.Major;
        }
        else if (inheritedVersion is int inherited)
        {
            context.Version = inherited;
        }
        else
        {
            // The specification makes the version line optional: a file without one is OpenQASM 3,
            // unless it is plainly OpenQASM 2 (qreg, creg or qelib1.inc), as older files without it are.
            // (The OpenQASM 2 reader warns about the missing header itself.)
            context.Version = LooksLikeOpenQasm2(text, file) ? 2 : 3;
            if (context.IsOpenQasm3)
            {
                warnings.Add($"{file}:1:1: warning: no 'OPENQASM' header; assuming OpenQASM 3 (the specification's default; the file uses no qreg, creg or qelib1.inc)");
            }
        }
        var statements = new List<Statement>();
        if (context.IsOpenQasm3)
        {
            var parser = new Qasm3StatementParser(context, warnings);
            while (!tokens.At(TokenKind.EndOfFile))
            {
                if (parser.Parse() is { } statement)
                {
                    statements.Add(statement);
                }
            }
        }
        else
        {
            var parser = new StatementParser(context);
            while (!tokens.At(TokenKind.EndOfFile))
            {
                parser.Parse(statements, topLevel: true);
            }
        }
        return new SourceUnit(file, context.Version, hasHeader, statements) { Warnings = warnings };
    }

    /// <summary>True when the text uses OpenQASM 2's register declarations or its standard include.</summary>
    private static bool LooksLikeOpenQasm2(string text, string file)
    {
        var lexer = new QasmLexer(text, file);
        try
        {
            var usesCx = false;
            var includesStdgates = false;
            var usesOpenQasm3Constants = false;
            var previous = new Token(TokenKind.EndOfFile, "", new Model.SourceLocation(file, 1, 1));
            for (var token = lexer.Next(); token.Kind != TokenKind.EndOfFile; previous = token, token = lexer.Next())
            {
                // "creg c[2];" declares an OpenQASM 2 register; "creg[n]" (a type in an OpenQASM 3 signature) does not.
                var declaresRegister = (previous.IsIdentifier("qreg") || previous.IsIdentifier("creg")) && token.Kind == TokenKind.Identifier;
                if (declaresRegister || (token.Kind == TokenKind.String && token.Text == "qelib1.inc"))
                {
                    return true;
                }
                // So does OpenQASM 2's built-in CX, which OpenQASM 3 only has from stdgates.inc.
                usesCx |= token.IsIdentifier("CX");
                includesStdgates |= token.Kind == TokenKind.String && token.Text == "stdgates.inc";
                usesOpenQasm3Constants |= token.Kind == TokenKind.Identifier && token.Text is "π" or "τ" or "ℯ";
            }
            return usesCx && !includesStdgates && !usesOpenQasm3Constants;
        }
        catch (QasmException)
        {
            // The real parse reports the error; until there, nothing said it was OpenQASM 2.
            return false;
        }
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
