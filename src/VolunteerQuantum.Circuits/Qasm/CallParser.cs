using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>Parses operands (<c>q</c>, <c>q[i]</c>) and gate calls with their OpenQASM 3 modifiers.</summary>
internal sealed class CallParser
{
    // Each modifier is one level of recursion when the call is expanded.
    private const int MaxModifiers = 64;

    private readonly ParserContext _context;
    private readonly ExpressionParser _expressions;

    public CallParser(ParserContext context, ExpressionParser expressions)
    {
        _context = context;
        _expressions = expressions;
    }

    private TokenStream Tokens => _context.Tokens;

    public Operand ParseOperand()
    {
        var token = Tokens.Peek();
        if (token.Kind == TokenKind.Other && token.Text == "$")
        {
            throw new QasmException(token.Location, "physical qubits ('$n') are not supported");
        }
        var name = Tokens.ExpectIdentifier("a register or qubit");
        if (!Tokens.Accept(TokenKind.LeftBracket))
        {
            return new Operand(name.Location, name.Text, null);
        }
        var index = _expressions.Parse();
        if (Tokens.At(TokenKind.Colon))
        {
            throw new QasmException(Tokens.Peek().Location, "register slices are not supported");
        }
        if (Tokens.At(TokenKind.Comma))
        {
            throw new QasmException(Tokens.Peek().Location, "multi-dimensional indexing is not supported");
        }
        Tokens.Expect(TokenKind.RightBracket);
        return new Operand(name.Location, name.Text, index);
    }

    /// <summary>Operands separated by commas, up to (not including) the terminating ';'; may be empty.</summary>
    public IReadOnlyList<Operand> ParseOperandsUntilSemicolon()
    {
        var operands = new List<Operand>();
        if (Tokens.At(TokenKind.Semicolon))
        {
            return operands;
        }
        operands.Add(ParseOperand());
        while (Tokens.Accept(TokenKind.Comma))
        {
            operands.Add(ParseOperand());
        }
        return operands;
    }

    /// <summary><c>mod @ ... @ name(params) operands;</c>, the ';' included.</summary>
    public GateCallStatement ParseGateCall()
    {
        var start = Tokens.Peek().Location;
        var modifiers = new List<GateModifier>();
        while (true)
        {
            var name = Tokens.ExpectIdentifier("a gate name");
            IReadOnlyList<Expression> parameters = [];
            if (Tokens.Accept(TokenKind.LeftParen))
            {
                parameters = _expressions.ParseListUntilRightParen();
                Tokens.Expect(TokenKind.RightParen);
            }
            if (!Tokens.At(TokenKind.At))
            {
                var operands = ParseOperandsUntilSemicolon();
                Tokens.Expect(TokenKind.Semicolon);
                return new GateCallStatement(start, modifiers, name.Text, name.Location, parameters, operands);
            }
            _context.RequireOpenQasm3(Tokens.Peek().Location, "the gate modifier '@'");
            Tokens.Next();
            modifiers.Add(ToModifier(name, parameters));
            if (modifiers.Count > MaxModifiers)
            {
                throw new QasmException(name.Location, $"more than {MaxModifiers} gate modifiers");
            }
        }
    }

    /// <summary>A modifier before '@' (ctrl, negctrl, inv, pow) with its arguments checked.</summary>
    public static GateModifier ToModifier(Token name, IReadOnlyList<Expression> arguments)
    {
        var kind = name.Text switch
        {
            "ctrl" => ModifierKind.Control,
            "negctrl" => ModifierKind.NegativeControl,
            "inv" => ModifierKind.Inverse,
            "pow" => ModifierKind.Power,
            _ => throw new QasmException(name.Location, $"unknown gate modifier '{name.Text}'"),
        };
        var (min, max) = kind switch
        {
            ModifierKind.Inverse => (0, 0),
            ModifierKind.Power => (1, 1),
            _ => (0, 1),
        };
        if (arguments.Count < min || arguments.Count > max)
        {
            var expected = max == 0 ? "no argument" : min == 1 ? "one argument" : "at most one argument";
            throw new QasmException(name.Location, $"modifier '{name.Text}' takes {expected}, got {arguments.Count}");
        }
        return new GateModifier(name.Location, kind, arguments.Count == 1 ? arguments[0] : null);
    }
}
