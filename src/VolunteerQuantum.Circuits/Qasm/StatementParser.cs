using System.Globalization;
using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>Parses the statements of a program (and of <c>if</c> bodies).</summary>
internal sealed class StatementParser
{
    private static readonly HashSet<string> TopLevelOnly = new(StringComparer.Ordinal)
    {
        "include", "gate", "opaque", "qreg", "creg", "qubit", "bit", "input",
    };

    private readonly ParserContext _context;
    private readonly ExpressionParser _expressions;
    private readonly CallParser _calls;
    private readonly GateDeclarationParser _gates;

    public StatementParser(ParserContext context)
    {
        _context = context;
        _expressions = new ExpressionParser(context);
        _calls = new CallParser(context, _expressions);
        _gates = new GateDeclarationParser(context, _calls);
    }

    private TokenStream Tokens => _context.Tokens;

    /// <summary>Parses one statement (a bit declaration with a measurement gives two) into <paramref name="output"/>.</summary>
    public void Parse(List<Statement> output, bool topLevel)
    {
        var token = Tokens.Peek();
        if (token.Kind != TokenKind.Identifier)
        {
            throw token.Kind == TokenKind.Other && token.Text == "$"
                ? new QasmException(token.Location, "physical qubits ('$n') are not supported")
                : Tokens.Unexpected("a statement");
        }
        if (!topLevel && TopLevelOnly.Contains(token.Text))
        {
            throw new QasmException(token.Location, $"'{token.Text}' is not allowed inside an if statement");
        }
        switch (token.Text)
        {
            case "OPENQASM":
                throw new QasmException(token.Location, "the OPENQASM version must be the first statement");
            case "include":
                output.Add(Include());
                return;
            case "gate":
            case "opaque":
                output.Add(_gates.Parse());
                return;
            case "qreg":
            case "creg":
                output.Add(OpenQasm2Register());
                return;
            case "qubit":
            case "bit":
                OpenQasm3Register(output);
                return;
            case "input":
                output.Add(Input());
                return;
            case "measure":
                output.Add(Measure());
                return;
            case "reset":
                output.Add(Reset());
                return;
            case "barrier":
                output.Add(Barrier());
                return;
            case "if":
                output.Add(If());
                return;
            default:
                break;
        }
        if (Tokens.At(TokenKind.Equals, 1) || Tokens.At(TokenKind.LeftBracket, 1))
        {
            output.Add(Assignment());
            return;
        }
        output.Add(_calls.ParseGateCall());
    }

    private IncludeStatement Include()
    {
        var keyword = Tokens.Next();
        var path = Tokens.Expect(TokenKind.String);
        Tokens.Expect(TokenKind.Semicolon);
        return new IncludeStatement(keyword.Location, path.Text);
    }

    private RegisterDeclaration OpenQasm2Register()
    {
        var keyword = Tokens.Next();
        var name = Tokens.ExpectIdentifier("a register name");
        Tokens.Expect(TokenKind.LeftBracket);
        var size = Size();
        Tokens.Expect(TokenKind.RightBracket);
        Tokens.Expect(TokenKind.Semicolon);
        return new RegisterDeclaration(keyword.Location, name.Text, name.Location, size, keyword.Text == "qreg");
    }

    private void OpenQasm3Register(List<Statement> output)
    {
        var keyword = Tokens.Next();
        _context.RequireOpenQasm3(keyword.Location, $"a '{keyword.Text}' declaration");
        var size = 1;
        var isScalar = !Tokens.Accept(TokenKind.LeftBracket);
        if (!isScalar)
        {
            size = Size();
            Tokens.Expect(TokenKind.RightBracket);
        }
        var name = Tokens.ExpectIdentifier("a register name");
        var isQuantum = keyword.Text == "qubit";
        output.Add(new RegisterDeclaration(keyword.Location, name.Text, name.Location, size, isQuantum, isScalar));
        if (!isQuantum && Tokens.At(TokenKind.Equals))
        {
            var equals = Tokens.Next();
            if (!Tokens.Peek().IsIdentifier("measure"))
            {
                throw new QasmException(equals.Location, "bit initializers other than 'measure' are not supported");
            }
            Tokens.Next();
            var qubit = _calls.ParseOperand();
            output.Add(new MeasureStatement(keyword.Location, qubit, new Operand(name.Location, name.Text, null)));
        }
        Tokens.Expect(TokenKind.Semicolon);
    }

    private int Size()
    {
        var token = Tokens.Expect(TokenKind.Integer);
        if (!int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new QasmException(token.Location, $"register size {token.Text} is too large");
        }
        if (size <= 0)
        {
            throw new QasmException(token.Location, "register size must be at least 1");
        }
        return size;
    }

    private InputDeclaration Input()
    {
        var keyword = Tokens.Next();
        _context.RequireOpenQasm3(keyword.Location, "an 'input' declaration");
        var type = Tokens.ExpectIdentifier("a type");
        if (type.Text is not ("float" or "angle"))
        {
            throw new QasmException(type.Location, $"input type '{type.Text}' is not supported (only float and angle)");
        }
        if (Tokens.Accept(TokenKind.LeftBracket))
        {
            Tokens.Expect(TokenKind.Integer);
            Tokens.Expect(TokenKind.RightBracket);
        }
        var name = Tokens.ExpectIdentifier("a parameter name");
        Tokens.Expect(TokenKind.Semicolon);
        return new InputDeclaration(keyword.Location, name.Text, name.Location);
    }

    private MeasureStatement Measure()
    {
        var keyword = Tokens.Next();
        var qubit = _calls.ParseOperand();
        if (_context.IsOpenQasm3 && Tokens.At(TokenKind.Semicolon))
        {
            throw new QasmException(keyword.Location, "'measure' without a destination bit is not supported");
        }
        Tokens.Expect(TokenKind.Arrow);
        var target = _calls.ParseOperand();
        Tokens.Expect(TokenKind.Semicolon);
        return new MeasureStatement(keyword.Location, qubit, target);
    }

    private MeasureStatement Assignment()
    {
        var start = Tokens.Peek().Location;
        var target = _calls.ParseOperand();
        var equals = Tokens.Expect(TokenKind.Equals);
        _context.RequireOpenQasm3(equals.Location, "assignment");
        if (!Tokens.Peek().IsIdentifier("measure"))
        {
            throw new QasmException(Tokens.Peek().Location, "only measurement results can be assigned (classical expressions are not supported)");
        }
        Tokens.Next();
        var qubit = _calls.ParseOperand();
        Tokens.Expect(TokenKind.Semicolon);
        return new MeasureStatement(start, qubit, target);
    }

    private ResetStatement Reset()
    {
        var keyword = Tokens.Next();
        var operands = _calls.ParseOperandsUntilSemicolon();
        if (operands.Count == 0)
        {
            throw Tokens.Unexpected("a register or qubit");
        }
        Tokens.Expect(TokenKind.Semicolon);
        return new ResetStatement(keyword.Location, operands);
    }

    private BarrierStatement Barrier()
    {
        var keyword = Tokens.Next();
        var operands = _calls.ParseOperandsUntilSemicolon();
        if (operands.Count == 0 && !_context.IsOpenQasm3)
        {
            throw Tokens.Unexpected("a register or qubit");
        }
        Tokens.Expect(TokenKind.Semicolon);
        return new BarrierStatement(keyword.Location, operands);
    }

    private IfStatement If()
    {
        var keyword = Tokens.Next();
        _context.Enter(keyword.Location);
        Tokens.Expect(TokenKind.LeftParen);
        var condition = ParseCondition();
        Tokens.Expect(TokenKind.RightParen);
        var (then, thenIsBlock) = Body();
        IReadOnlyList<Statement> otherwise = [];
        var hasElse = Tokens.Peek().IsIdentifier("else");
        if (hasElse)
        {
            Tokens.Next();
            (otherwise, _) = Body();
        }
        _context.Leave();
        return new IfStatement(keyword.Location, condition, then, otherwise, thenIsBlock || hasElse);
    }

    private (IReadOnlyList<Statement> Statements, bool IsBlock) Body()
    {
        var statements = new List<Statement>();
        if (!Tokens.Accept(TokenKind.LeftBrace))
        {
            Parse(statements, topLevel: false);
            return (statements, false);
        }
        while (!Tokens.Accept(TokenKind.RightBrace))
        {
            if (Tokens.At(TokenKind.EndOfFile))
            {
                throw Tokens.Unexpected("'}'");
            }
            Parse(statements, topLevel: false);
        }
        return (statements, true);
    }

    private Condition ParseCondition()
    {
        var start = Tokens.Peek().Location;
        if (Tokens.Accept(TokenKind.Bang))
        {
            var negated = _calls.ParseOperand();
            return new Condition(start, negated, 0, true, start);
        }
        var register = _calls.ParseOperand();
        if (Tokens.At(TokenKind.RightParen))
        {
            return new Condition(start, register, 1, true, start);
        }
        var op = Tokens.Peek();
        if (op.Kind is not (TokenKind.EqualEqual or TokenKind.NotEqual))
        {
            throw Tokens.Unexpected("'==' or '!='");
        }
        Tokens.Next();
        var valueLocation = Tokens.Peek().Location;
        return new Condition(start, register, ConditionValue(), op.Kind == TokenKind.EqualEqual, valueLocation);
    }

    private ulong ConditionValue()
    {
        var token = Tokens.Next();
        switch (token.Kind)
        {
            case TokenKind.Integer:
                return ulong.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw new QasmException(token.Location, $"integer {token.Text} is too large");
            case TokenKind.String:
                return BitString(token);
            case TokenKind.Identifier when token.Text is "true" or "false":
                return token.Text == "true" ? 1UL : 0UL;
            default:
                throw new QasmException(token.Location, $"expected an integer but found {token.Display}");
        }
    }

    // "0101" reads most significant bit first, like OpenQASM 3's bit-string literals.
    private static ulong BitString(Token token)
    {
        var digits = token.Text.Replace("_", "", StringComparison.Ordinal);
        if (digits.Length is 0 or > 64 || digits.Any(c => c is not ('0' or '1')))
        {
            throw new QasmException(token.Location, $"'\"{token.Text}\"' is not a bit string of 1 to 64 bits");
        }
        ulong value = 0;
        foreach (var c in digits)
        {
            value = (value << 1) | (c == '1' ? 1UL : 0UL);
        }
        return value;
    }
}
