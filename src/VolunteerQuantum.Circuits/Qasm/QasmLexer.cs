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
        if (Peek(0) == '0' && Peek(1) is 'x' or 'X' or 'b' or 'B' or 'o' or 'O' && IsRadixDigit(Peek(1), Peek(2)))
        {
            var radix = char.ToLowerInvariant(Peek(1));
            Advance();
            Advance();
            while (IsRadixDigit(radix, Peek(0)) || (Peek(0) == '_' && IsRadixDigit(radix, Peek(1))))
            {
                Advance();
            }
            return new Token(TokenKind.Integer, _text[begin.._position], start);
        }
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
            var unitStart = _position;
            var end = _position;
            while (end < _text.Length && IsIdentifierPart(_text[end]))
            {
                end++;
            }
            var unit = _text[unitStart..end];
            if (unit is "ns" or "us" or "µs" or "ms" or "s" or "dt")
            {
                while (_position < end)
                {
                    Advance();
                }
                return new Token(TokenKind.Duration, _text[begin.._position], start);
            }
            if (unit == "im")
            {
                throw new QasmException(start, $"imaginary literals ('{_text[begin..end]}') are not supported: complex values are not supported");
            }
            throw new QasmException(start, $"malformed number '{_text[begin.._position]}{Peek(0)}'");
        }
        return new Token(isReal ? TokenKind.Real : TokenKind.Integer, _text[begin.._position], start);
    }

    private static bool IsRadixDigit(char radix, char c) => char.ToLowerInvariant(radix) switch
    {
        'x' => char.IsAsciiHexDigit(c),
        'b' => c is '0' or '1',
        'o' => c is >= '0' and <= '7',
        _ => false,
    };

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
            '+' when Peek(1) is '=' or '+' => (TokenKind.Other, 2),
            '+' => (TokenKind.Plus, 1),
            '-' when Peek(1) == '>' => (TokenKind.Arrow, 2),
            '-' when Peek(1) == '=' => (TokenKind.Other, 2),
            '-' => (TokenKind.Minus, 1),
            '*' when Peek(1) == '*' && Peek(2) == '=' => (TokenKind.Other, 3),
            '*' when Peek(1) == '*' => (TokenKind.DoubleStar, 2),
            '*' when Peek(1) == '=' => (TokenKind.Other, 2),
            '*' => (TokenKind.Star, 1),
            '/' when Peek(1) == '=' => (TokenKind.Other, 2),
            '/' => (TokenKind.Slash, 1),
            '^' when Peek(1) == '=' => (TokenKind.Other, 2),
            '^' => (TokenKind.Caret, 1),
            '=' when Peek(1) == '=' => (TokenKind.EqualEqual, 2),
            '=' => (TokenKind.Equals, 1),
            '!' when Peek(1) == '=' => (TokenKind.NotEqual, 2),
            '!' => (TokenKind.Bang, 1),
            '@' => (TokenKind.At, 1),
            ':' => (TokenKind.Colon, 1),
            // OpenQASM 3's other operators: <, <=, <<, <<=, >..., &, &&, &=, |, ||, |=, %, %=, ~.
            '<' or '>' when Peek(1) == c && Peek(2) == '=' => (TokenKind.Other, 3),
            '<' or '>' when Peek(1) == c || Peek(1) == '=' => (TokenKind.Other, 2),
            '&' or '|' when Peek(1) == c || Peek(1) == '=' => (TokenKind.Other, 2),
            '%' when Peek(1) == '=' => (TokenKind.Other, 2),
            '#' when char.IsLetter(Peek(1)) => (TokenKind.Other, 1),
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
        // OpenQASM 3 allows '_' between digits (1_000_000).
        while (char.IsAsciiDigit(Peek(0)) || (Peek(0) == '_' && char.IsAsciiDigit(Peek(1)) && _position > 0 && char.IsAsciiDigit(_text[_position - 1])))
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
