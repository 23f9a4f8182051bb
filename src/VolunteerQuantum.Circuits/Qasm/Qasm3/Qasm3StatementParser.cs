using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm.Syntax;
using VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

namespace VolunteerQuantum.Circuits.Qasm.Qasm3;

/// <summary>
/// Parses OpenQASM 3 statements: declarations of every classical type, assignments, control flow
/// (<c>if</c>, <c>for</c>, <c>while</c>, <c>switch</c>, <c>break</c>, <c>continue</c>), subroutines,
/// aliases, timing (<c>delay</c>, <c>box</c>) and quantum instructions. Gate definitions use the
/// shared <see cref="GateDeclarationParser"/>. Pulse-level constructs are refused by name.
/// </summary>
internal sealed class Qasm3StatementParser
{
    private static readonly HashSet<string> AssignmentOperators = new(StringComparer.Ordinal)
    {
        "=", "+=", "-=", "*=", "/=", "%=", "**=", "&=", "|=", "^=", "<<=", ">>=",
    };

    private readonly ParserContext _context;
    private readonly Qasm3ExpressionParser _expressions;
    private readonly GateDeclarationParser _gates;
    private readonly List<string> _warnings;

    public Qasm3StatementParser(ParserContext context, List<string> warnings)
    {
        _context = context;
        _warnings = warnings;
        _expressions = new Qasm3ExpressionParser(context);
        _gates = new GateDeclarationParser(context, new CallParser(context, new ExpressionParser(context)));
    }

    private TokenStream Tokens => _context.Tokens;

    public Statement? Parse()
    {
        var token = Tokens.Peek();
        if (token.Kind == TokenKind.At)
        {
            SkipAnnotation();
            return null;
        }
        if (token.IsSymbol("#") || token.IsIdentifier("pragma"))
        {
            SkipPragma();
            return null;
        }
        if (token.Kind == TokenKind.LeftBrace)
        {
            return new BlockStatement(token.Location, Block(), false);
        }
        if (token.Kind != TokenKind.Identifier)
        {
            return token.Kind == TokenKind.Other && token.Text == "$" ? CallOrAssignment() : throw Tokens.Unexpected("a statement");
        }
        switch (token.Text)
        {
            case "OPENQASM":
                throw new QasmException(token.Location, "the OPENQASM version must be the first statement");
            case "include":
                return Include();
            case "gate":
                return _gates.Parse();
            case "opaque":
                throw new QasmException(token.Location, "'opaque' gates are not supported: an opaque gate has no definition to simulate (define it with 'gate')");
            case "defcal" or "defcalgrammar" or "cal":
                throw new QasmException(token.Location, $"'{token.Text}' is pulse-level (calibrations for a device's control electronics): a gate-level simulator does not run pulse programs");
            case "extern":
                return Extern();
            case "def":
                return Subroutine();
            case "qreg" or "creg":
                return OpenQasm2Register();
            case "const":
                Tokens.Next();
                return Declaration(DeclarationKind.Constant, token.Location);
            case "input":
                Tokens.Next();
                return Declaration(DeclarationKind.Input, token.Location);
            case "output":
                Tokens.Next();
                return Declaration(DeclarationKind.Output, token.Location);
            case "let":
                return Alias();
            case "if":
                return If();
            case "for":
                return For();
            case "while":
                return While();
            case "switch":
                return Switch();
            case "break" or "continue":
                Tokens.Next();
                Tokens.Expect(TokenKind.Semicolon);
                return new JumpStatement(token.Location, token.Text);
            case "end":
                Tokens.Next();
                Tokens.Expect(TokenKind.Semicolon);
                return new JumpStatement(token.Location, "end");
            case "return":
                return Return();
            case "box":
                return Box();
            case "measure":
                return MeasureStatement();
            case "reset" or "barrier":
                Tokens.Next();
                return Instruction(token, null);
            case "delay":
                Tokens.Next();
                Tokens.Expect(TokenKind.LeftBracket);
                var duration = _expressions.Parse();
                Tokens.Expect(TokenKind.RightBracket);
                return Instruction(token, duration);
            default:
                break;
        }
        if (TypeParser.StartsType(token) && !Tokens.At(TokenKind.LeftParen, 1))
        {
            return Declaration(DeclarationKind.Variable, token.Location);
        }
        return CallOrAssignment();
    }

    /// <summary>Statements up to the closing brace, or one statement (a body without braces).</summary>
    public IReadOnlyList<Statement> Body()
    {
        if (Tokens.At(TokenKind.LeftBrace))
        {
            return Block();
        }
        var list = new List<Statement>();
        if (Parse() is { } single)
        {
            list.Add(single);
        }
        return list;
    }

    private List<Statement> Block()
    {
        var open = Tokens.Expect(TokenKind.LeftBrace);
        _context.Enter(open.Location);
        var list = new List<Statement>();
        while (!Tokens.Accept(TokenKind.RightBrace))
        {
            if (Tokens.At(TokenKind.EndOfFile))
            {
                throw new QasmException(open.Location, "this '{' is never closed");
            }
            if (Parse() is { } statement)
            {
                list.Add(statement);
            }
        }
        _context.Leave();
        return list;
    }

    private IncludeStatement Include()
    {
        var keyword = Tokens.Next();
        var path = Tokens.Expect(TokenKind.String);
        Tokens.Expect(TokenKind.Semicolon);
        return new IncludeStatement(keyword.Location, path.Text);
    }

    private ClassicalDeclaration OpenQasm2Register()
    {
        var keyword = Tokens.Next();
        var name = Tokens.ExpectIdentifier("a register name");
        Tokens.Expect(TokenKind.LeftBracket);
        var size = _expressions.Parse();
        Tokens.Expect(TokenKind.RightBracket);
        Tokens.Expect(TokenKind.Semicolon);
        var type = new TypeSyntax(keyword.Location, keyword.Text == "qreg" ? "qubit" : "bit", size);
        return new ClassicalDeclaration(keyword.Location, DeclarationKind.Variable, type, name.Text, name.Location, null);
    }

    private ClassicalDeclaration Declaration(DeclarationKind kind, SourceLocation start)
    {
        if (!TypeParser.StartsType(Tokens.Peek()))
        {
            throw Tokens.Unexpected("a type");
        }
        var type = TypeParser.Parse(_context, _expressions);
        var name = Tokens.ExpectIdentifier("a name");
        Expression? initializer = null;
        if (Tokens.Accept(TokenKind.Equals))
        {
            initializer = _expressions.Parse();
        }
        Tokens.Expect(TokenKind.Semicolon);
        return new ClassicalDeclaration(start, kind, type, name.Text, name.Location, initializer);
    }

    private AliasStatement Alias()
    {
        var keyword = Tokens.Next();
        var name = Tokens.ExpectIdentifier("an alias name");
        Tokens.Expect(TokenKind.Equals);
        var value = _expressions.Parse();
        Tokens.Expect(TokenKind.Semicolon);
        return new AliasStatement(keyword.Location, name.Text, name.Location, value);
    }

    private ConditionalStatement If()
    {
        var keyword = Tokens.Next();
        Tokens.Expect(TokenKind.LeftParen);
        var condition = _expressions.Parse();
        Tokens.Expect(TokenKind.RightParen);
        var then = Body();
        IReadOnlyList<Statement> otherwise = [];
        if (Tokens.Peek().IsIdentifier("else"))
        {
            Tokens.Next();
            otherwise = Body();
        }
        return new ConditionalStatement(keyword.Location, condition, then, otherwise);
    }

    private ForStatement For()
    {
        var keyword = Tokens.Next();
        TypeSyntax? type = null;
        if (TypeParser.StartsType(Tokens.Peek()))
        {
            type = TypeParser.Parse(_context, _expressions);
        }
        var variable = Tokens.ExpectIdentifier("a loop variable");
        var @in = Tokens.Peek();
        if (!@in.IsIdentifier("in"))
        {
            throw Tokens.Unexpected("'in'");
        }
        Tokens.Next();
        Expression iterable;
        if (Tokens.At(TokenKind.LeftBracket))
        {
            var open = Tokens.Next();
            iterable = _expressions.IndexEntry();
            if (iterable is not RangeExpression)
            {
                throw new QasmException(open.Location, "a for loop's '[...]' must be a range such as [0:3] or [0:2:10]");
            }
            Tokens.Expect(TokenKind.RightBracket);
        }
        else
        {
            iterable = _expressions.Parse();
        }
        return new ForStatement(keyword.Location, type, variable.Text, variable.Location, iterable, Body());
    }

    private WhileStatement While()
    {
        var keyword = Tokens.Next();
        Tokens.Expect(TokenKind.LeftParen);
        var condition = _expressions.Parse();
        Tokens.Expect(TokenKind.RightParen);
        return new WhileStatement(keyword.Location, condition, Body());
    }

    private SwitchStatement Switch()
    {
        var keyword = Tokens.Next();
        Tokens.Expect(TokenKind.LeftParen);
        var control = _expressions.Parse();
        Tokens.Expect(TokenKind.RightParen);
        Tokens.Expect(TokenKind.LeftBrace);
        var cases = new List<SwitchCase>();
        IReadOnlyList<Statement>? otherwise = null;
        while (!Tokens.Accept(TokenKind.RightBrace))
        {
            var label = Tokens.Peek();
            if (label.IsIdentifier("case"))
            {
                Tokens.Next();
                var values = new List<Expression> { _expressions.Parse() };
                while (Tokens.Accept(TokenKind.Comma))
                {
                    values.Add(_expressions.Parse());
                }
                cases.Add(new SwitchCase(label.Location, values, Block()));
            }
            else if (label.IsIdentifier("default"))
            {
                Tokens.Next();
                if (otherwise is not null)
                {
                    throw new QasmException(label.Location, "a switch has at most one 'default'");
                }
                otherwise = Block();
            }
            else
            {
                throw Tokens.Unexpected("'case', 'default' or '}'");
            }
        }
        return new SwitchStatement(keyword.Location, control, cases, otherwise);
    }

    private ReturnStatement Return()
    {
        var keyword = Tokens.Next();
        Expression? value = Tokens.At(TokenKind.Semicolon) ? null : _expressions.Parse();
        Tokens.Expect(TokenKind.Semicolon);
        return new ReturnStatement(keyword.Location, value);
    }

    private BlockStatement Box()
    {
        var keyword = Tokens.Next();
        if (Tokens.Accept(TokenKind.LeftBracket))
        {
            _expressions.Parse();
            Tokens.Expect(TokenKind.RightBracket);
        }
        return new BlockStatement(keyword.Location, Block(), true);
    }

    private SubroutineDeclaration Subroutine()
    {
        var keyword = Tokens.Next();
        var name = Tokens.ExpectIdentifier("a subroutine name");
        Tokens.Expect(TokenKind.LeftParen);
        var parameters = new List<ParameterSyntax>();
        if (!Tokens.At(TokenKind.RightParen))
        {
            do
            {
                var start = Tokens.Peek().Location;
                var mutable = false;
                if (Tokens.Peek().IsIdentifier("readonly") || Tokens.Peek().IsIdentifier("mutable"))
                {
                    mutable = Tokens.Next().Text == "mutable";
                }
                var type = TypeParser.Parse(_context, _expressions);
                var parameter = Tokens.ExpectIdentifier("a parameter name");
                parameters.Add(new ParameterSyntax(start, type, parameter.Text, mutable));
            }
            while (Tokens.Accept(TokenKind.Comma));
        }
        Tokens.Expect(TokenKind.RightParen);
        TypeSyntax? returns = null;
        if (Tokens.Accept(TokenKind.Arrow))
        {
            returns = TypeParser.Parse(_context, _expressions);
        }
        return new SubroutineDeclaration(keyword.Location, name.Text, name.Location, parameters, returns, Block());
    }

    private ExternDeclaration Extern()
    {
        var keyword = Tokens.Next();
        var name = Tokens.ExpectIdentifier("an extern function name");
        // The signature only matters to a control system that links the function; skip to the ';'.
        while (!Tokens.At(TokenKind.Semicolon))
        {
            if (Tokens.At(TokenKind.EndOfFile))
            {
                throw Tokens.Unexpected("';'");
            }
            Tokens.Next();
        }
        Tokens.Next();
        return new ExternDeclaration(keyword.Location, name.Text, name.Location);
    }

    private Statement MeasureStatement()
    {
        var keyword = Tokens.Next();
        var qubits = _expressions.Parse();
        if (Tokens.Accept(TokenKind.Arrow))
        {
            var target = _expressions.Parse();
            Tokens.Expect(TokenKind.Semicolon);
            return new AssignmentStatement(keyword.Location, target, "=", new MeasureExpression(keyword.Location, qubits));
        }
        Tokens.Expect(TokenKind.Semicolon);
        return new ExpressionStatement(keyword.Location, new MeasureExpression(keyword.Location, qubits));
    }

    private QuantumInstructionStatement Instruction(Token keyword, Expression? duration)
    {
        var operands = Tokens.At(TokenKind.Semicolon) ? [] : _expressions.ParseList(TokenKind.Semicolon);
        Tokens.Expect(TokenKind.Semicolon);
        if (keyword.Text == "reset" && operands.Count == 0)
        {
            throw new QasmException(keyword.Location, "'reset' needs a qubit or register");
        }
        return new QuantumInstructionStatement(keyword.Location, keyword.Text, duration, operands);
    }

    /// <summary>An assignment (<c>x = ...;</c>, <c>x[i] += ...;</c>), a call (<c>f(x);</c>) or a gate call.</summary>
    private Statement CallOrAssignment()
    {
        var start = Tokens.Peek();
        if (start.Kind == TokenKind.Identifier && (Tokens.At(TokenKind.Equals, 1) || IsAssignmentOperator(Tokens.Peek(1)) || Tokens.At(TokenKind.LeftBracket, 1)))
        {
            var target = _expressions.Parse();
            var op = Tokens.Peek();
            if (op.Kind == TokenKind.Equals || IsAssignmentOperator(op))
            {
                Tokens.Next();
                var value = _expressions.Parse();
                Tokens.Expect(TokenKind.Semicolon);
                return new AssignmentStatement(start.Location, target, op.Text, value);
            }
            throw Tokens.Unexpected("'=' or an assignment operator");
        }
        return GateCall();
    }

    private static bool IsAssignmentOperator(Token token) => token.Kind == TokenKind.Other && AssignmentOperators.Contains(token.Text);

    private Statement GateCall()
    {
        var start = Tokens.Peek().Location;
        var modifiers = new List<GateModifier>();
        while (true)
        {
            var name = Tokens.ExpectIdentifier("a gate name");
            IReadOnlyList<Expression> parameters = [];
            var hasParentheses = Tokens.Accept(TokenKind.LeftParen);
            if (hasParentheses)
            {
                parameters = _expressions.ParseList(TokenKind.RightParen);
                Tokens.Expect(TokenKind.RightParen);
            }
            if (Tokens.At(TokenKind.At))
            {
                Tokens.Next();
                modifiers.Add(CallParser.ToModifier(name, parameters));
                continue;
            }
            if (hasParentheses && modifiers.Count == 0 && Tokens.At(TokenKind.Semicolon) && name.Text != "gphase")
            {
                // f(x); — a subroutine or extern call whose value is dropped.
                Tokens.Next();
                return new ExpressionStatement(start, new CallExpression(name.Location, name.Text, parameters));
            }
            var operands = Tokens.At(TokenKind.Semicolon) ? [] : _expressions.ParseList(TokenKind.Semicolon);
            Tokens.Expect(TokenKind.Semicolon);
            return new QuantumCallStatement(start, modifiers, name.Text, name.Location, parameters, operands);
        }
    }

    private void SkipAnnotation()
    {
        var at = Tokens.Next();
        var line = at.Location.Line;
        var name = Tokens.Peek();
        _warnings.Add($"{at.Location}: warning: annotation '@{name.Text}' ignored");
        while (!Tokens.At(TokenKind.EndOfFile) && Tokens.Peek().Location.Line == line)
        {
            Tokens.Next();
        }
    }

    private void SkipPragma()
    {
        var start = Tokens.Next();
        var line = start.Location.Line;
        _warnings.Add($"{start.Location}: warning: pragma ignored");
        while (!Tokens.At(TokenKind.EndOfFile) && Tokens.Peek().Location.Line == line)
        {
            Tokens.Next();
        }
    }
}
