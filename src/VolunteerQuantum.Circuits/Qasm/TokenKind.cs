namespace VolunteerQuantum.Circuits.Qasm;

internal enum TokenKind
{
    EndOfFile,
    Identifier,
    Integer,
    Real,
    String,
    Semicolon,
    Comma,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Arrow,
    Plus,
    Minus,
    Star,
    DoubleStar,
    Slash,
    Caret,
    EqualEqual,
    NotEqual,
    Bang,
    Equals,
    At,
    Colon,

    /// <summary>An operator or sign of OpenQASM 3 that this front end does not support (%, &amp;, |, $, ...).</summary>
    Other,
}
