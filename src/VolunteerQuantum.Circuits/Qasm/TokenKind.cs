namespace VolunteerQuantum.Circuits.Qasm;

internal enum TokenKind
{
    EndOfFile,
    Identifier,
    Integer,
    Real,

    /// <summary>A duration literal: a number with a unit (ns, us, µs, ms, s, dt).</summary>
    Duration,
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

    /// <summary>Any other operator or sign (OpenQASM 3's %, &amp;&amp;, &lt;&lt;=, +=, ++, $, ...): the text says which.</summary>
    Other,
}
