using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>Parses <c>gate name(params) qubits { body }</c> and <c>opaque name(params) qubits;</c>.</summary>
internal sealed class GateDeclarationParser
{
    private static readonly HashSet<string> NotInGateBody = new(StringComparer.Ordinal)
    {
        "measure", "reset", "if", "qreg", "creg", "qubit", "bit", "gate", "opaque", "include", "input", "OPENQASM",
    };

    // OpenQASM 3 statements that are not gate calls, so that a gate body refuses them by name.
    private static readonly HashSet<string> ClassicalKeywords = new(StringComparer.Ordinal)
    {
        "for", "while", "if", "switch", "def", "return", "break", "continue", "const", "let", "int", "uint", "float", "angle",
        "bool", "duration", "stretch", "array", "delay", "box", "defcal", "cal", "extern", "output",
    };

    private readonly ParserContext _context;
    private readonly CallParser _calls;

    public GateDeclarationParser(ParserContext context, CallParser calls)
    {
        _context = context;
        _calls = calls;
    }

    private TokenStream Tokens => _context.Tokens;

    public GateDeclaration Parse()
    {
        var keyword = Tokens.Next();
        var isOpaque = keyword.Text == "opaque";
        var name = Tokens.ExpectIdentifier("a gate name");
        IReadOnlyList<Operand> parameters = [];
        if (Tokens.Accept(TokenKind.LeftParen))
        {
            parameters = Tokens.At(TokenKind.RightParen) ? [] : Names("a parameter name");
            Tokens.Expect(TokenKind.RightParen);
        }
        var qubits = Tokens.At(TokenKind.Identifier) ? Names("a qubit argument name") : [];
        if (isOpaque)
        {
            Tokens.Expect(TokenKind.Semicolon);
            return new GateDeclaration(keyword.Location, name.Text, name.Location, parameters, qubits, null, _context.Library);
        }
        Tokens.Expect(TokenKind.LeftBrace);
        var body = new List<Statement>();
        while (!Tokens.Accept(TokenKind.RightBrace))
        {
            body.Add(BodyStatement());
        }
        return new GateDeclaration(keyword.Location, name.Text, name.Location, parameters, qubits, body, _context.Library);
    }

    private List<Operand> Names(string what)
    {
        var names = new List<Operand>();
        do
        {
            var token = Tokens.ExpectIdentifier(what);
            names.Add(new Operand(token.Location, token.Text, null));
        }
        while (Tokens.Accept(TokenKind.Comma));
        return names;
    }

    private Statement BodyStatement()
    {
        var token = Tokens.Peek();
        if (_context.IsOpenQasm3 && token.Kind == TokenKind.Identifier && ClassicalKeywords.Contains(token.Text))
        {
            throw new QasmException(token.Location, $"'{token.Text}' is not allowed in a gate body: a gate body holds gate calls only (write classical code in a subroutine, 'def')");
        }
        if (token.Kind != TokenKind.Identifier)
        {
            throw Tokens.Unexpected("a gate call or '}'");
        }
        if (NotInGateBody.Contains(token.Text))
        {
            throw new QasmException(token.Location, $"'{token.Text}' is not allowed in a gate body");
        }
        if (token.Text == "barrier")
        {
            Tokens.Next();
            var operands = _calls.ParseOperandsUntilSemicolon();
            Tokens.Expect(TokenKind.Semicolon);
            return new BarrierStatement(token.Location, operands);
        }
        return _calls.ParseGateCall();
    }
}
