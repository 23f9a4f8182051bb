using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Circuits.Qasm;

internal readonly record struct Token(TokenKind Kind, string Text, SourceLocation Location)
{
    /// <summary>How the token reads in "but found ..." messages.</summary>
    public string Display => Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.String => $"'\"{Text}\"'",
        _ => $"'{Text}'",
    };

    public bool IsIdentifier(string text) => Kind == TokenKind.Identifier && Text == text;

    /// <summary>True for the operator or sign <paramref name="text"/> (any token kind).</summary>
    public bool IsSymbol(string text) => Kind is not (TokenKind.Identifier or TokenKind.String or TokenKind.Integer or TokenKind.Real or TokenKind.Duration) && Text == text;
}
