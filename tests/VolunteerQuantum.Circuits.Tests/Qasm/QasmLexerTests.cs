using VolunteerQuantum.Circuits.Qasm;

namespace VolunteerQuantum.Circuits.Tests.Qasm;

public sealed class QasmLexerTests
{
    [Fact]
    public void Next_MixedInput_ProducesTokensWithPositions()
    {
        var lexer = new QasmLexer("// c\n  qreg q[2];\n/* x\n y */ U(.1, 1., 2e-3) θ -> == != ** @", "f");
        var tokens = new List<Token>();
        for (var t = lexer.Next(); t.Kind != TokenKind.EndOfFile; t = lexer.Next())
        {
            tokens.Add(t);
        }

        Assert.Equal(
            ["qreg", "q", "[", "2", "]", ";", "U", "(", ".1", ",", "1.", ",", "2e-3", ")", "θ", "->", "==", "!=", "**", "@"],
            tokens.Select(t => t.Text));
        Assert.Equal((2, 3), (tokens[0].Location.Line, tokens[0].Location.Column));
        Assert.Equal((4, 7), (tokens[6].Location.Line, tokens[6].Location.Column));
        Assert.Equal([TokenKind.Real, TokenKind.Real, TokenKind.Real], new[] { tokens[8], tokens[10], tokens[12] }.Select(t => t.Kind));
        Assert.Equal(TokenKind.Integer, tokens[3].Kind);
        Assert.Equal(TokenKind.Identifier, tokens[14].Kind);
    }

    [Fact]
    public void Next_AfterEnd_KeepsReturningEndOfFile()
    {
        var lexer = new QasmLexer("x", "f");
        lexer.Next();

        Assert.Equal(TokenKind.EndOfFile, lexer.Next().Kind);
        Assert.Equal(TokenKind.EndOfFile, lexer.Next().Kind);
    }
}
