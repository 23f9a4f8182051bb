using VolunteerQuantum.Circuits.Qasm;

namespace VolunteerQuantum.Circuits.Tests.Qasm;

/// <summary>Bad input: each error's exact message, line and column.</summary>
public sealed class QasmErrorTests
{
    private const string H = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n";

    [Theory]
    [InlineData(H + "qreg q[1];\nfoo q[0];", 4, 1, "undefined gate 'foo'")]
    [InlineData(H + "qreg q[5];\nh q[5];", 4, 3, "qubit q[5] out of range for qreg q[5]")]
    [InlineData(H + "qreg q[5];\ncreg c[5];\nmeasure q[0] -> c[7];", 5, 17, "bit c[7] out of range for creg c[5]")]
    [InlineData(H + "opaque mygate q;\nqreg q[1];\nmygate q[0];", 5, 1, "opaque gate 'mygate' has no definition and cannot be simulated")]
    [InlineData(H + "opaque mygate q;\ngate g a { mygate a; }\nqreg q[1];\ng q[0];", 4, 12, "opaque gate 'mygate' has no definition and cannot be simulated")]
    [InlineData(H + "qreg a[2];\nqreg b[3];\ncx a, b;", 5, 7, "register sizes differ in broadcast")]
    [InlineData(H + "h q[0];", 3, 3, "undeclared register 'q'")]
    [InlineData(H + "qreg q[1];\ncreg q[1];", 4, 6, "duplicate declaration of 'q'")]
    [InlineData(H + "qreg q[1];\nqreg q[2];", 4, 6, "duplicate declaration of 'q'")]
    [InlineData(H + "qreg q[1]\nx q[0];", 4, 1, "expected ';' but found 'x'")]
    [InlineData(H + "qreg q[2];\ncx q[0];", 4, 1, "gate 'cx' expects 2 qubit arguments, got 1")]
    [InlineData(H + "qreg q[2];\nh q[0], q[1];", 4, 1, "gate 'h' expects 1 qubit argument, got 2")]
    [InlineData(H + "qreg q[2];\ncx q[0], q[0];", 4, 10, "repeated qubit q[0] in gate arguments")]
    [InlineData(H + "qreg q[2];\ncx q, q;", 4, 7, "repeated qubit q[0] in gate arguments")]
    [InlineData(H + "qreg q[3];\ncreg c[2];\nmeasure q -> c;", 5, 1, "cannot measure qreg q[3] into creg c[2]: sizes differ")]
    [InlineData(H + "qreg q[2];\ncreg c[2];\nmeasure q -> c[0];", 5, 1, "cannot measure qreg q[2] into bit c[0]")]
    [InlineData(H + "qreg q[1];\nrx q[0];", 4, 1, "gate 'rx' expects 1 parameter, got 0")]
    [InlineData(H + "qreg q[1];\nh(0.5) q[0];", 4, 1, "gate 'h' expects 0 parameters, got 1")]
    [InlineData(H + "qreg q[1];\nrx(theta) q[0];", 4, 4, "undefined identifier 'theta'")]
    [InlineData(H + "qreg q[1];\nrx(foo(1)) q[0];", 4, 4, "unknown function 'foo'")]
    [InlineData(H + "qreg q[1];\nrx(1/0) q[0];", 4, 5, "expression does not evaluate to a finite number")]
    [InlineData(H + "qreg q[1];\nrx(sqrt(-1)) q[0];", 4, 4, "expression does not evaluate to a finite number")]
    [InlineData(H + "qreg q[2];\nh q[1.5];", 4, 5, "an index must be an integer")]
    [InlineData(H + "creg c[1];\nh c[0];", 4, 3, "'c' is a creg, not a qreg")]
    [InlineData(H + "qreg q[1];\nmeasure q[0] -> q[0];", 4, 17, "'q' is a qreg, not a creg")]
    [InlineData(H + "gate g a { h b; }", 3, 14, "'b' is not a qubit argument of gate 'g'")]
    [InlineData(H + "gate g a { h a[0]; }", 3, 14, "indexed qubit 'a[...]' is not allowed in a gate body; use the gate's qubit arguments")]
    [InlineData(H + "gate g a { g a; }", 3, 12, "gate 'g' cannot call itself")]
    [InlineData(H + "gate g a { foo a; }", 3, 12, "undefined gate 'foo'")]
    [InlineData(H + "gate g a, b { cx a, a; }", 3, 21, "repeated qubit a in gate arguments")]
    [InlineData(H + "gate g(t) a { rx(s) a; }", 3, 18, "undefined identifier 's'")]
    [InlineData(H + "gate g(t, t) a { }", 3, 11, "duplicate parameter 't' in gate 'g'")]
    [InlineData(H + "gate g a, a { }", 3, 11, "duplicate qubit argument 'a' in gate 'g'")]
    [InlineData(H + "gate g a { measure a -> c[0]; }", 3, 12, "'measure' is not allowed in a gate body")]
    [InlineData(H + "gate g a { h a;", 3, 16, "expected a gate call or '}' but found end of file")]
    [InlineData(H + "gate U a { }", 3, 6, "cannot redefine built-in gate 'U'")]
    [InlineData(H + "gate g a { }\ngate g a { }", 4, 6, "duplicate declaration of 'g'")]
    [InlineData(H + "qreg q[1];\n;", 4, 1, "expected a statement but found ';'")]
    [InlineData(H + "qreg q[0];", 3, 8, "register size must be at least 1")]
    [InlineData(H + "qreg q[99999999999];", 3, 8, "register size 99999999999 is too large")]
    [InlineData(H + "qreg q[1];\ncreg c[1];\nif(c==99999999999999999999999) x q[0];", 5, 7, "integer 99999999999999999999999 is too large")]
    [InlineData(H + "qreg q[1];\nif(c==1) x q[0];", 4, 4, "undeclared register 'c'")]
    [InlineData(H + "qreg q[2];\nctrl @ x q[0], q[1];", 4, 6, "the gate modifier '@' requires OpenQASM 3 (declare 'OPENQASM 3;')")]
    [InlineData(H + "qreg q[1];\nqubit r;", 4, 1, "a 'qubit' declaration requires OpenQASM 3 (declare 'OPENQASM 3;')")]
    [InlineData("qreg q[1];\nOPENQASM 2.0;", 2, 1, "the OPENQASM version must be the first statement")]
    [InlineData("OPENQASM 4.0;", 1, 10, "unsupported OpenQASM version '4.0' (supported: 2.0, 3.0, 3.1)")]
    [InlineData("OPENQASM 3;\n/* abc", 2, 1, "unterminated comment")]
    [InlineData("OPENQASM 2.0;\ninclude \"qelib1.inc;\n", 2, 9, "unterminated string")]
    [InlineData("OPENQASM 2.0;\nqreg q[1];\n#", 3, 1, "unexpected character '#'")]
    [InlineData("OPENQASM 2.0;\nqreg q[1];\nU(1e,0,0) q[0];", 3, 3, "malformed number '1e'")]
    [InlineData("OPENQASM 2.0;\nqreg q[1];\nU(2pi,0,0) q[0];", 3, 3, "malformed number '2p'")]
    [InlineData("OPENQASM 2.0;\nqreg q[1];\nU(0,0,0) q[0]", 3, 14, "expected ';' but found end of file")]
    [InlineData("OPENQASM 2.0;\nqreg q[1];\nU(0,0,) q[0];", 3, 7, "expected an expression but found ')'")]
    [InlineData("OPENQASM 2.0;\nqreg q[1];\nmeasure q[0];", 3, 13, "expected '->' but found ';'")]
    [InlineData("OPENQASM 2.0;\nqreg q[2];\nq[0] = measure q[1];", 3, 6, "assignment requires OpenQASM 3 (declare 'OPENQASM 3;')")]
    [InlineData("OPENQASM 2.0;\ninclude \"qelib1.inc\";\ngate g a { if (c==1) x a; }", 3, 12, "'if' is not allowed in a gate body")]
    public void Parse_BadInput_ThrowsWithExactMessageLineAndColumn(string source, int line, int column, string detail)
    {
        var e = Assert.Throws<QasmException>(() => QasmParser.Parse(source, new QasmParseOptions { FileName = "e.qasm" }));

        Assert.Equal(detail, e.Detail);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Equal("e.qasm", e.File);
        Assert.Equal($"e.qasm:{line}:{column}: error: {detail}", e.Message);
    }

    [Fact]
    public void Parse_DeeplyNestedExpression_FailsCleanly()
    {
        var source = H + "qreg q[1];\nrx(" + new string('(', 5000) + "1" + new string(')', 5000) + ") q[0];";

        var e = Assert.Throws<QasmException>(() => QasmParser.Parse(source));

        Assert.StartsWith("nesting deeper than", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeeplyNestedUnaryMinus_FailsCleanly()
    {
        var source = H + "qreg q[1];\nrx(" + new string('-', 100000) + "1) q[0];";

        Assert.Throws<QasmException>(() => QasmParser.Parse(source));
    }

    [Fact]
    public void Parse_ExponentialGateDefinitions_StopAtOperationLimit()
    {
        var source = H + "gate g0 a { h a; h a; }\n"
            + string.Concat(Enumerable.Range(1, 40).Select(i => $"gate g{i} a {{ g{i - 1} a; g{i - 1} a; }}\n"))
            + "qreg q[1];\ng40 q[0];";

        var e = Assert.Throws<QasmException>(() => QasmParser.Parse(source, new QasmParseOptions { MaxOperations = 1000 }));

        Assert.StartsWith("the circuit expands to more than 1,000 operations (", e.Detail, StringComparison.Ordinal);
        Assert.Contains("--max-operations", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongChainOfNestedGates_ExpandsOrFailsCleanly()
    {
        var source = H + "gate g0 a { h a; }\n"
            + string.Concat(Enumerable.Range(1, 3000).Select(i => $"gate g{i} a {{ g{i - 1} a; }}\n"))
            + "qreg q[1];\ng3000 q[0];";

        try
        {
            var circuit = QasmParser.Parse(source);
            Assert.Single(circuit.Operations);
        }
        catch (QasmException e)
        {
            Assert.Equal("gate definitions are nested too deeply", e.Detail);
        }
    }

    [Fact]
    public void Parse_NullSource_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => QasmParser.Parse(null!));
    }
}
