using VolunteerQuantum.Circuits.Qasm.Syntax;
using VolunteerQuantum.Circuits.Qasm.Syntax.Qasm3;

namespace VolunteerQuantum.Circuits.Qasm.Qasm3;

/// <summary>Reads a type: <c>int</c>, <c>uint[8]</c>, <c>bit[n]</c>, <c>qubit[3]</c>, <c>array[float[64], 4, 2]</c>, <c>array[int, #dim=3]</c>.</summary>
internal static class TypeParser
{
    public static bool StartsType(Token token) =>
        token.Kind == TokenKind.Identifier && (TypeSyntax.ScalarKeywords.Contains(token.Text) || token.Text is "array" or "qubit" or "creg" or "qreg");

    public static TypeSyntax Parse(ParserContext context, Qasm3ExpressionParser expressions)
    {
        var tokens = context.Tokens;
        var keyword = tokens.ExpectIdentifier("a type");
        if (keyword.Text == "array")
        {
            tokens.Expect(TokenKind.LeftBracket);
            var element = Parse(context, expressions);
            tokens.Expect(TokenKind.Comma);
            if (tokens.Peek().IsSymbol("#"))
            {
                tokens.Next();
                var dim = tokens.ExpectIdentifier("'dim'");
                if (dim.Text != "dim")
                {
                    throw new QasmException(dim.Location, "expected '#dim=' in an array parameter type");
                }
                tokens.Expect(TokenKind.Equals);
                var count = tokens.Expect(TokenKind.Integer);
                tokens.Expect(TokenKind.RightBracket);
                return new TypeSyntax(keyword.Location, "array", null, element, null, int.Parse(count.Text, System.Globalization.CultureInfo.InvariantCulture));
            }
            var dimensions = new List<Expression> { expressions.Parse() };
            while (tokens.Accept(TokenKind.Comma))
            {
                dimensions.Add(expressions.Parse());
            }
            tokens.Expect(TokenKind.RightBracket);
            return new TypeSyntax(keyword.Location, "array", null, element, dimensions, dimensions.Count);
        }
        if (keyword.Text == "complex")
        {
            throw new QasmException(keyword.Location, "complex values ('complex') are not supported");
        }
        Expression? size = null;
        if (tokens.Accept(TokenKind.LeftBracket))
        {
            size = expressions.Parse();
            tokens.Expect(TokenKind.RightBracket);
        }
        return new TypeSyntax(keyword.Location, keyword.Text, size);
    }
}
