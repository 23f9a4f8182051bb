namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>The parser's view of the lexer: a few tokens of lookahead and "expected X but found Y" errors.</summary>
internal sealed class TokenStream
{
    private readonly QasmLexer _lexer;
    private readonly List<Token> _lookahead = [];

    public TokenStream(QasmLexer lexer)
    {
        _lexer = lexer;
    }

    public Token Peek(int ahead = 0)
    {
        while (_lookahead.Count <= ahead)
        {
            _lookahead.Add(_lexer.Next());
        }
        return _lookahead[ahead];
    }

    public bool At(TokenKind kind, int ahead = 0) => Peek(ahead).Kind == kind;

    public Token Next()
    {
        var token = Peek();
        _lookahead.RemoveAt(0);
        return token;
    }

    public bool Accept(TokenKind kind)
    {
        if (!At(kind))
        {
            return false;
        }
        Next();
        return true;
    }

    public Token Expect(TokenKind kind)
    {
        var token = Peek();
        if (token.Kind != kind)
        {
            throw Unexpected(Describe(kind));
        }
        return Next();
    }

    public Token ExpectIdentifier(string what)
    {
        var token = Peek();
        if (token.Kind != TokenKind.Identifier)
        {
            throw Unexpected(what);
        }
        return Next();
    }

    /// <summary>"expected {what} but found {next token}", located at the next token.</summary>
    public QasmException Unexpected(string what)
    {
        var token = Peek();
        return new QasmException(token.Location, $"expected {what} but found {token.Display}");
    }

    public static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.Identifier => "an identifier",
        TokenKind.Integer => "an integer",
        TokenKind.Real => "a number",
        TokenKind.String => "a string",
        TokenKind.Semicolon => "';'",
        TokenKind.Comma => "','",
        TokenKind.LeftParen => "'('",
        TokenKind.RightParen => "')'",
        TokenKind.LeftBracket => "'['",
        TokenKind.RightBracket => "']'",
        TokenKind.LeftBrace => "'{'",
        TokenKind.RightBrace => "'}'",
        TokenKind.Arrow => "'->'",
        TokenKind.Equals => "'='",
        TokenKind.EqualEqual => "'=='",
        TokenKind.At => "'@'",
        _ => kind.ToString(),
    };
}
