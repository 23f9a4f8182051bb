using System.Globalization;
using VolunteerQuantum.Circuits.Model.Classical;
using VolunteerQuantum.Circuits.Qasm.Syntax;
using VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

namespace VolunteerQuantum.Circuits.Qasm.Qasm3;

/// <summary>
/// OpenQASM 3 expressions by the specification's precedence, loosest first: <c>||</c>, <c>&amp;&amp;</c>,
/// <c>|</c>, <c>^</c>, <c>&amp;</c>, <c>== !=</c>, <c>&lt; &lt;= &gt; &gt;=</c>, <c>&lt;&lt; &gt;&gt;</c>, <c>+ - ++</c>,
/// <c>* / %</c>, unary <c>- ! ~</c>, <c>**</c> (right-associative), then indexing and calls.
/// </summary>
internal sealed class Qasm3ExpressionParser
{
    private static readonly (string Symbol, ClassicalOperator Operator)[][] Levels =
    [
        [("||", ClassicalOperator.LogicalOr)],
        [("&&", ClassicalOperator.LogicalAnd)],
        [("|", ClassicalOperator.BitOr)],
        [("^", ClassicalOperator.BitXor)],
        [("&", ClassicalOperator.BitAnd)],
        [("==", ClassicalOperator.Equal), ("!=", ClassicalOperator.NotEqual)],
        [("<", ClassicalOperator.Less), ("<=", ClassicalOperator.LessOrEqual), (">", ClassicalOperator.Greater), (">=", ClassicalOperator.GreaterOrEqual)],
        [("<<", ClassicalOperator.LeftShift), (">>", ClassicalOperator.RightShift)],
        [("+", ClassicalOperator.Add), ("-", ClassicalOperator.Subtract), ("++", ClassicalOperator.Concatenate)],
        [("*", ClassicalOperator.Multiply), ("/", ClassicalOperator.Divide), ("%", ClassicalOperator.Modulo)],
    ];

    private readonly ParserContext _context;

    public Qasm3ExpressionParser(ParserContext context)
    {
        _context = context;
    }

    private TokenStream Tokens => _context.Tokens;

    public Expression Parse() => Level(0);

    /// <summary>Comma-separated expressions up to (not including) <paramref name="close"/>; may be empty.</summary>
    public List<Expression> ParseList(TokenKind close)
    {
        var list = new List<Expression>();
        if (Tokens.At(close))
        {
            return list;
        }
        list.Add(Parse());
        while (Tokens.Accept(TokenKind.Comma))
        {
            list.Add(Parse());
        }
        return list;
    }

    private Expression Level(int level)
    {
        if (level == Levels.Length)
        {
            return Unary();
        }
        _context.Enter(Tokens.Peek().Location);
        var left = Level(level + 1);
        while (Match(Levels[level]) is { } op)
        {
            var token = Tokens.Next();
            var right = Level(level + 1);
            left = op switch
            {
                ClassicalOperator.Add => new BinaryExpression(token.Location, BinaryOperator.Add, left, right),
                ClassicalOperator.Subtract => new BinaryExpression(token.Location, BinaryOperator.Subtract, left, right),
                ClassicalOperator.Multiply => new BinaryExpression(token.Location, BinaryOperator.Multiply, left, right),
                ClassicalOperator.Divide => new BinaryExpression(token.Location, BinaryOperator.Divide, left, right),
                _ => new ClassicalBinaryExpression(token.Location, op, left, right),
            };
        }
        _context.Leave();
        return left;
    }

    private ClassicalOperator? Match((string Symbol, ClassicalOperator Operator)[] operators)
    {
        var token = Tokens.Peek();
        foreach (var (symbol, op) in operators)
        {
            if (token.IsSymbol(symbol))
            {
                return op;
            }
        }
        return null;
    }

    private Expression Unary()
    {
        var token = Tokens.Peek();
        ClassicalOperator? op = token.Kind switch
        {
            TokenKind.Minus => ClassicalOperator.Negate,
            TokenKind.Bang => ClassicalOperator.LogicalNot,
            _ when token.IsSymbol("~") => ClassicalOperator.BitNot,
            _ => null,
        };
        if (op is null && token.Kind != TokenKind.Plus)
        {
            return Power();
        }
        Tokens.Next();
        _context.Enter(token.Location);
        var operand = Unary();
        _context.Leave();
        return op switch
        {
            null => operand,
            ClassicalOperator.Negate => new UnaryExpression(token.Location, true, operand),
            _ => new UnaryOperatorExpression(token.Location, op.Value, operand),
        };
    }

    private Expression Power()
    {
        var left = Postfix(Primary());
        var token = Tokens.Peek();
        if (token.Kind != TokenKind.DoubleStar)
        {
            return left;
        }
        Tokens.Next();
        _context.Enter(token.Location);
        var exponent = Unary();
        _context.Leave();
        return new BinaryExpression(token.Location, BinaryOperator.Power, left, exponent);
    }

    private Expression Postfix(Expression expression)
    {
        while (Tokens.At(TokenKind.LeftBracket))
        {
            var open = Tokens.Next();
            var indices = new List<Expression> { IndexEntry() };
            while (Tokens.Accept(TokenKind.Comma))
            {
                indices.Add(IndexEntry());
            }
            Tokens.Expect(TokenKind.RightBracket);
            expression = new IndexExpression(open.Location, expression, indices);
        }
        return expression;
    }

    /// <summary>One index: an expression, a range <c>a:b</c>, <c>a:s:b</c> (parts may be missing), or a set.</summary>
    public Expression IndexEntry()
    {
        var start = Tokens.Peek().Location;
        if (Tokens.At(TokenKind.LeftBrace))
        {
            return Set();
        }
        Expression? first = Tokens.At(TokenKind.Colon) ? null : Parse();
        if (!Tokens.Accept(TokenKind.Colon))
        {
            return first!;
        }
        Expression? second = Tokens.At(TokenKind.RightBracket) || Tokens.At(TokenKind.Comma) || Tokens.At(TokenKind.Colon) ? null : Parse();
        if (!Tokens.Accept(TokenKind.Colon))
        {
            return new RangeExpression(start, first, null, second);
        }
        Expression? third = Tokens.At(TokenKind.RightBracket) || Tokens.At(TokenKind.Comma) ? null : Parse();
        return new RangeExpression(start, first, second, third);
    }

    public SetExpression Set()
    {
        var open = Tokens.Expect(TokenKind.LeftBrace);
        _context.Enter(open.Location);
        var elements = new List<Expression>();
        if (!Tokens.At(TokenKind.RightBrace))
        {
            elements.Add(Tokens.At(TokenKind.LeftBrace) ? Set() : Parse());
            while (Tokens.Accept(TokenKind.Comma))
            {
                elements.Add(Tokens.At(TokenKind.LeftBrace) ? Set() : Parse());
            }
        }
        Tokens.Expect(TokenKind.RightBrace);
        _context.Leave();
        return new SetExpression(open.Location, elements);
    }

    private Expression Primary()
    {
        var token = Tokens.Peek();
        switch (token.Kind)
        {
            case TokenKind.Integer:
                Tokens.Next();
                return new NumberExpression(token.Location, IntegerValue(token), true, token.Text);
            case TokenKind.Real:
                Tokens.Next();
                return new NumberExpression(token.Location, RealValue(token), false, token.Text);
            case TokenKind.Duration:
                Tokens.Next();
                return Duration(token);
            case TokenKind.String:
                Tokens.Next();
                return new BitStringLiteral(token.Location, token.Text);
            case TokenKind.LeftParen:
                Tokens.Next();
                _context.Enter(token.Location);
                var inner = Parse();
                _context.Leave();
                Tokens.Expect(TokenKind.RightParen);
                return inner;
            case TokenKind.LeftBrace:
                return Set();
            case TokenKind.Other when token.Text == "$":
                return PhysicalQubit();
            case TokenKind.Identifier:
                return IdentifierPrimary(token);
            default:
                throw Tokens.Unexpected("an expression");
        }
    }

    private Expression IdentifierPrimary(Token token)
    {
        switch (token.Text)
        {
            case "true" or "false":
                Tokens.Next();
                return new BooleanLiteral(token.Location, token.Text == "true");
            case "measure":
                Tokens.Next();
                return new MeasureExpression(token.Location, Postfix(Primary()));
            case "durationof":
                throw new QasmException(token.Location, "'durationof' is not supported: a gate's duration comes from the device's calibrations, which a simulator does not have");
            case var keyword when TypeSyntax.ScalarKeywords.Contains(keyword) && (Tokens.At(TokenKind.LeftParen, 1) || Tokens.At(TokenKind.LeftBracket, 1)):
                var type = TypeParser.Parse(_context, this);
                Tokens.Expect(TokenKind.LeftParen);
                var operand = Parse();
                Tokens.Expect(TokenKind.RightParen);
                return new TypeCastExpression(token.Location, type, operand);
            default:
                break;
        }
        Tokens.Next();
        if (!Tokens.At(TokenKind.LeftParen))
        {
            return new IdentifierExpression(token.Location, token.Text);
        }
        Tokens.Next();
        var arguments = ParseList(TokenKind.RightParen);
        Tokens.Expect(TokenKind.RightParen);
        // One-argument real functions stay the node OpenQASM 2 uses, which gate bodies evaluate.
        return arguments.Count == 1 && ExpressionParser.Functions.Contains(token.Text)
            ? new FunctionCallExpression(token.Location, token.Text, arguments[0])
            : new CallExpression(token.Location, token.Text, arguments);
    }

    private PhysicalQubitExpression PhysicalQubit()
    {
        var dollar = Tokens.Next();
        var number = Tokens.Peek();
        if (number.Kind != TokenKind.Integer || number.Location.Column != dollar.Location.Column + 1 || !int.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new QasmException(dollar.Location, "expected a physical qubit number after '$' (as in '$0')");
        }
        Tokens.Next();
        return new PhysicalQubitExpression(dollar.Location, index);
    }

    /// <summary>An integer literal's value: decimal, 0x hex, 0b binary or 0o octal, '_' allowed between digits.</summary>
    public static double IntegerValue(Token token)
    {
        var text = token.Text.Replace("_", "", StringComparison.Ordinal);
        try
        {
            return text.Length > 2 && text[0] == '0' && char.IsLetter(text[1])
                ? char.ToLowerInvariant(text[1]) switch
                {
                    'x' => (double)ulong.Parse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
                    'b' => Convert.ToUInt64(text[2..], 2),
                    _ => Convert.ToUInt64(text[2..], 8),
                }
                : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            throw new QasmException(token.Location, $"integer {token.Text} is too large");
        }
    }

    public static double RealValue(Token token) =>
        double.Parse(token.Text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static DurationLiteral Duration(Token token)
    {
        var text = token.Text.Replace("_", "", StringComparison.Ordinal);
        var unitStart = text.Length;
        while (unitStart > 0 && char.IsLetter(text[unitStart - 1]))
        {
            unitStart--;
        }
        var value = double.Parse(text[..unitStart], NumberStyles.Float, CultureInfo.InvariantCulture);
        return new DurationLiteral(token.Location, value, text[unitStart..]);
    }
}
