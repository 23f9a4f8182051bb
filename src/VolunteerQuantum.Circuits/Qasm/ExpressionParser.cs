using System.Globalization;
using VolunteerQuantum.Circuits.Qasm.Syntax;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// Recursive descent over real expressions. Precedence, loosest first: <c>+ -</c>, <c>* /</c>,
/// unary minus, power (right-associative: <c>2^3^2 = 2^9</c>, <c>-2^2 = -4</c>, <c>2^-1</c> allowed).
/// OpenQASM 2 writes power as <c>^</c>; OpenQASM 3 as <c>**</c> (its <c>^</c> is xor, not supported).
/// </summary>
internal sealed class ExpressionParser
{
    /// <summary>Functions of one argument; asin/acos/atan are Qiskit's OpenQASM 2 extension, arc* OpenQASM 3's names.</summary>
    public static readonly IReadOnlySet<string> Functions = new HashSet<string>(StringComparer.Ordinal)
    {
        "sin", "cos", "tan", "exp", "ln", "sqrt", "asin", "acos", "atan", "arcsin", "arccos", "arctan",
    };

    private readonly ParserContext _context;

    public ExpressionParser(ParserContext context)
    {
        _context = context;
    }

    private TokenStream Tokens => _context.Tokens;

    public Expression Parse()
    {
        _context.Enter(Tokens.Peek().Location);
        var left = Multiplicative();
        while (Tokens.At(TokenKind.Plus) || Tokens.At(TokenKind.Minus))
        {
            var op = Tokens.Next();
            var right = Multiplicative();
            left = new BinaryExpression(op.Location, op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract, left, right);
        }
        _context.Leave();
        return left;
    }

    /// <summary>A comma-separated list up to (not including) the closing parenthesis; may be empty.</summary>
    public IReadOnlyList<Expression> ParseListUntilRightParen()
    {
        var list = new List<Expression>();
        if (Tokens.At(TokenKind.RightParen))
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

    private Expression Multiplicative()
    {
        var left = Unary();
        while (Tokens.At(TokenKind.Star) || Tokens.At(TokenKind.Slash))
        {
            var op = Tokens.Next();
            var right = Unary();
            left = new BinaryExpression(op.Location, op.Kind == TokenKind.Star ? BinaryOperator.Multiply : BinaryOperator.Divide, left, right);
        }
        return left;
    }

    private Expression Unary()
    {
        var token = Tokens.Peek();
        if (token.Kind is TokenKind.Minus or TokenKind.Plus)
        {
            Tokens.Next();
            _context.Enter(token.Location);
            var operand = Unary();
            _context.Leave();
            return new UnaryExpression(token.Location, token.Kind == TokenKind.Minus, operand);
        }
        return Power();
    }

    private Expression Power()
    {
        var left = Primary();
        var token = Tokens.Peek();
        if (token.Kind == TokenKind.Caret && _context.IsOpenQasm3)
        {
            throw new QasmException(token.Location, "'^' is bitwise xor in OpenQASM 3 and is not supported; write powers as '**'");
        }
        if (token.Kind is TokenKind.Caret or TokenKind.DoubleStar)
        {
            Tokens.Next();
            _context.Enter(token.Location);
            var exponent = Unary();
            _context.Leave();
            return new BinaryExpression(token.Location, BinaryOperator.Power, left, exponent);
        }
        return left;
    }

    private Expression Primary()
    {
        var token = Tokens.Peek();
        switch (token.Kind)
        {
            case TokenKind.Integer:
                Tokens.Next();
                return new NumberExpression(token.Location, Qasm3.Qasm3ExpressionParser.IntegerValue(token), true, token.Text);
            case TokenKind.Real:
                Tokens.Next();
                return new NumberExpression(token.Location, Qasm3.Qasm3ExpressionParser.RealValue(token), false, token.Text);
            case TokenKind.Identifier when Tokens.At(TokenKind.LeftParen, 1):
                return Call();
            case TokenKind.Identifier:
                Tokens.Next();
                return new IdentifierExpression(token.Location, token.Text);
            case TokenKind.LeftParen:
                Tokens.Next();
                var inner = Parse();
                Tokens.Expect(TokenKind.RightParen);
                return inner;
            default:
                throw Tokens.Unexpected("an expression");
        }
    }

    private FunctionCallExpression Call()
    {
        var name = Tokens.Next();
        if (!Functions.Contains(name.Text))
        {
            throw new QasmException(name.Location, $"unknown function '{name.Text}'");
        }
        Tokens.Expect(TokenKind.LeftParen);
        var argument = Parse();
        Tokens.Expect(TokenKind.RightParen);
        return new FunctionCallExpression(name.Location, name.Text, argument);
    }
}
