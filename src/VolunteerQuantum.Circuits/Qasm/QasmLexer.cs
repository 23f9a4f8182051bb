using System.Globalization;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm;

/// <summary>
/// Splits OpenQASM 2/3 text into tokens on demand, so that the first error reported is the first
/// in the file. Skips whitespace, <c>//</c> and <c>/* */</c> comments.
/// </summary>
internal sealed class QasmLexer
{
    private readonly string _text;
    private readonly string _file;
    private int _position;
    private int _line = 1;
    private int _column = 1;

    public QasmLexer(string text, string file)
    {
        _text = text;
        _file = file;
    }

    public Token Next()
    {
        SkipTrivia();
        var start = Here();
        if (_position >= _text.Length)
        {
            return new Token(TokenKind.EndOfFile, "", start);
        }
        var c = _text[_position];
        if (IsIdentifierStart(c))
        {
            return Identifier(start);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            return Number(start);
        }
        if (c == '"')
        {
            return StringLiteral(start);
        }
        return Punctuation(c, start);
    }

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

    private Token Identifier(SourceLocation start)
    {
        var begin = _position;
        while (_position < _text.Length && IsIdentifierPart(_text[_position]))
        {
            Advance();
        }
        return new Token(TokenKind.Identifier, _text[begin.._position], start);
    }

    private Token Number(SourceLocation start)
    {
        var begin = _position;
        var isReal = false;
        SkipDigits();
        if (Peek(0) == '.')
        {
            isReal = true;
            Advance();
            SkipDigits();
        }
        if (Peek(0) is 'e' or 'E')
        {
            var signed = Peek(1) is '+' or '-';
            if (!char.IsAsciiDigit(Peek(signed ? 2 : 1)))
            {
                Advance();
                throw new QasmException(start, $"malformed number '{_text[begin.._position]}'");
            }
            isReal = true;
            Advance();
            if (signed)
            {
                Advance();
            }
            SkipDigits();
        }
        if (IsIdentifierStart(Peek(0)))
        {
            throw new QasmException(start, $"malformed number '{_text[begin.._position]}{Peek(0)}'");
        }
        return new Token(isReal ? TokenKind.Real : TokenKind.Integer, _text[begin.._position], start);
    }

    private Token StringLiteral(SourceLocation start)
    {
        Advance();
        var begin = _position;
        while (_position < _text.Length && _text[_position] != '"')
        {
            if (_text[_position] == '\n')
            {
                throw new QasmException(start, "unterminated string");
            }
            Advance();
        }
        if (_position >= _text.Length)
        {
            throw new QasmException(start, "unterminated string");
        }
        var value = _text[begin.._position];
        Advance();
        return new Token(TokenKind.String, value, start);
    }

    private Token Punctuation(char c, SourceLocation start)
    {
        var (kind, length) = c switch
        {
            ';' => (TokenKind.Semicolon, 1),
            ',' => (TokenKind.Comma, 1),
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            '[' => (TokenKind.LeftBracket, 1),
            ']' => (TokenKind.RightBracket, 1),
            '{' => (TokenKind.LeftBrace, 1),
            '}' => (TokenKind.RightBrace, 1),
            '+' => (TokenKind.Plus, 1),
            '-' when Peek(1) == '>' => (TokenKind.Arrow, 2),
            '-' => (TokenKind.Minus, 1),
            '*' when Peek(1) == '*' => (TokenKind.DoubleStar, 2),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '^' => (TokenKind.Caret, 1),
            '=' when Peek(1) == '=' => (TokenKind.EqualEqual, 2),
            '=' => (TokenKind.Equals, 1),
            '!' when Peek(1) == '=' => (TokenKind.NotEqual, 2),
            '!' => (TokenKind.Bang, 1),
            '@' => (TokenKind.At, 1),
            ':' => (TokenKind.Colon, 1),
            '<' or '>' or '%' or '&' or '|' or '~' or '$' or '.' => (TokenKind.Other, 1),
            _ => throw new QasmException(start, $"unexpected character {Describe(c)}"),
        };
        var text = _text.Substring(_position, length);
        for (var i = 0; i < length; i++)
        {
            Advance();
        }
        return new Token(kind, text, start);
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c)
            ? $"U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}"
            : $"'{c}'";

    private void SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c))
            {
                Advance();
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    Advance();
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var start = Here();
                Advance();
                Advance();
                while (_position < _text.Length && !(_text[_position] == '*' && Peek(1) == '/'))
                {
                    Advance();
                }
                if (_position >= _text.Length)
                {
                    throw new QasmException(start, "unterminated comment");
                }
                Advance();
                Advance();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipDigits()
    {
        while (char.IsAsciiDigit(Peek(0)))
        {
            Advance();
        }
    }

    private char Peek(int ahead) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private void Advance()
    {
        if (_text[_position] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }
        _position++;
    }

    private SourceLocation Here() => new(_file, _line, _column);
}
