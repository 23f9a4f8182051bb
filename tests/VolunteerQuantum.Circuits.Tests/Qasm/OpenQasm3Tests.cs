using System.Numerics;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Circuits.Tests.Support;

namespace VolunteerQuantum.Circuits.Tests.Qasm;

/// <summary>The OpenQASM 3 subset: declarations, measurement forms, modifiers, if/else, inputs.</summary>
public sealed class OpenQasm3Tests
{
    private const string H = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n";
    private const string Q3 = H + "qubit[3] q;\n";

    private static readonly double S2 = 1 / Math.Sqrt(2);
    private static readonly Complex[,] HMatrix = Dense.FromRows([S2, S2], [S2, -S2]);
    private static readonly Complex[,] XMatrix = Dense.FromRows([0, 1], [1, 0]);
    private static readonly Complex I = Complex.ImaginaryOne;

    [Fact]
    public void Parse_DeclarationsAndMeasurementForms_MapToRegistersAndMeasures()
    {
        var circuit = QasmParser.Parse(H + "qubit[3] q;\nqubit r;\nbit[3] c;\nbit b;\nc = measure q;\nc[0] = measure q[1];\nmeasure r -> b;\nbit d = measure r;\nqreg old[1];\ncreg oldc[1];");

        Assert.Equal([("q", 3), ("r", 1), ("old", 1)], circuit.QuantumRegisters.Select(r => (r.Name, r.Size)));
        Assert.Equal([("c", 3), ("b", 1), ("d", 1), ("oldc", 1)], circuit.ClassicalRegisters.Select(r => (r.Name, r.Size)));
        Assert.Equal([(0, 0), (1, 1), (2, 2), (1, 0), (3, 3), (3, 4)],
            circuit.Operations.Cast<MeasureOperation>().Select(m => (m.Qubit, m.Clbit)));
    }

    public static TheoryData<string, Complex[,]> ModifierCases()
    {
        var s = Dense.FromRows([1, 0], [0, I]);
        var t = Dense.FromRows([1, 0], [0, Complex.FromPolarCoordinates(1, Math.PI / 4)]);
        var sx = Dense.FromRows([(1 + I) / 2, (1 - I) / 2], [(1 - I) / 2, (1 + I) / 2]);
        var plus = Dense.Scale(Dense.FromRows([1 + S2, S2], [S2, 1 - S2]), 1);
        var hPlus = Dense.FromRows([(1 + S2) / 2, S2 / 2], [S2 / 2, (1 - S2) / 2]);
        var hMinus = Dense.FromRows([(1 - S2) / 2, -S2 / 2], [-S2 / 2, (1 + S2) / 2]);
        var sqrtH = Add(hPlus, Dense.Scale(hMinus, I));
        var rz = Dense.FromRows([Complex.FromPolarCoordinates(1, -0.4), 0], [0, Complex.FromPolarCoordinates(1, 0.4)]);
        var rx = Dense.FromRows([Math.Cos(0.15), -I * Math.Sin(0.15)], [-I * Math.Sin(0.15), Math.Cos(0.15)]);
        _ = plus;
        return new TheoryData<string, Complex[,]>
        {
            { "ctrl @ h q[0], q[1];", Dense.Embed(Dense.Controlled(HMatrix, true), [0, 1], 3) },
            { "ctrl(2) @ x q[2], q[0], q[1];", Dense.Embed(Dense.Controlled(Dense.Controlled(XMatrix, true), true), [2, 0, 1], 3) },
            { "negctrl @ x q[1], q[0];", Dense.Embed(Dense.Controlled(XMatrix, false), [1, 0], 3) },
            { "negctrl @ ctrl @ h q[0], q[1], q[2];", Dense.Embed(Dense.Controlled(Dense.Controlled(HMatrix, true), false), [0, 1, 2], 3) },
            { "negctrl(2) @ h q[2], q[1], q[0];", Dense.Embed(Dense.Controlled(Dense.Controlled(HMatrix, false), false), [2, 1, 0], 3) },
            { "inv @ s q[0];", Dense.Embed(Dense.Adjoint(s), [0], 3) },
            { "inv @ ctrl @ rx(-0.3) q[0], q[1];", Dense.Embed(Dense.Controlled(rx, true), [0, 1], 3) },
            { "ctrl @ inv @ pow(2) @ s q[0], q[1];", Dense.Embed(Dense.Controlled(Dense.FromRows([1, 0], [0, -1]), true), [0, 1], 3) },
            { "pow(2) @ sx q[0];", Dense.Embed(XMatrix, [0], 3) },
            { "pow(-1) @ t q[0];", Dense.Embed(Dense.Adjoint(t), [0], 3) },
            { "pow(0) @ h q[0];", Dense.Identity(8) },
            { "pow(0.5) @ z q[0];", Dense.Embed(s, [0], 3) },
            { "pow(1/2) @ x q[1];", Dense.Embed(sx, [1], 3) },
            { "pow(0.5) @ h q[0];", Dense.Embed(sqrtH, [0], 3) },
            { "pow(1/3) @ t q[0];", Dense.Embed(Dense.FromRows([1, 0], [0, Complex.FromPolarCoordinates(1, Math.PI / 12)]), [0], 3) },
            { "pow(0.5) @ ctrl @ x q[0], q[1];", Dense.Embed(Dense.Controlled(sx, true), [0, 1], 3) },
            { "ctrl @ gphase(0.3) q[0];", Dense.Embed(Dense.FromRows([1, 0], [0, Complex.FromPolarCoordinates(1, 0.3)]), [0], 3) },
            { "negctrl @ gphase(0.3) q[1];", Dense.Embed(Dense.FromRows([Complex.FromPolarCoordinates(1, 0.3), 0], [0, 1]), [1], 3) },
            { "gphase(0.7);", Dense.Scale(Dense.Identity(8), Complex.FromPolarCoordinates(1, 0.7)) },
            { "U(0.9, -0.4, 2.2) q[2];", Dense.Embed(IncludeComposer.USpec3(0.9, -0.4, 2.2), [2], 3) },
            { "ctrl @ U(0.9, -0.4, 2.2) q[2], q[0];", Dense.Embed(Dense.Controlled(IncludeComposer.USpec3(0.9, -0.4, 2.2), true), [2, 0], 3) },
            { "gate myrz(t) a { gphase(-t/2); U(0, 0, t) a; }\nctrl @ myrz(0.8) q[0], q[1];", Dense.Embed(Dense.Controlled(rz, true), [0, 1], 3) },
            { "gate myrz(t) a { gphase(-t/2); U(0, 0, t) a; }\npow(0.5) @ myrz(1.6) q[1];", Dense.Embed(rz, [1], 3) },
            { "rz(0.8) q[1];", Dense.Embed(rz, [1], 3) },
            { "CX q[0], q[2];", Dense.Embed(Dense.Controlled(XMatrix, true), [0, 2], 3) },
        };
    }

    [Theory]
    [MemberData(nameof(ModifierCases))]
    public void Parse_ModifiedGate_EqualsIndependentMatrix(string statement, Complex[,] expected)
    {
        var circuit = QasmParser.Parse(Q3 + statement);

        var actual = CircuitUnitary.Of(circuit);

        Assert.True(Dense.MaxDifference(expected, actual) < 1e-12, $"differs by {Dense.MaxDifference(expected, actual):E2}");
    }

    [Theory]
    [InlineData("inv @ g q[0], q[1], q[2];", -1)]
    [InlineData("pow(3) @ g q[0], q[1], q[2];", 3)]
    [InlineData("pow(-2) @ g q[0], q[1], q[2];", -2)]
    public void Parse_ModifierOnMultiGateUserGate_EqualsPowerOfItsUnitary(string statement, int power)
    {
        const string gate = "gate g a, b, c { h a; cx a, b; t b; ccx a, b, c; rx(0.3) c; gphase(0.2); }\n";
        var single = CircuitUnitary.Of(QasmParser.Parse(Q3 + gate + "g q[0], q[1], q[2];"));
        var baseMatrix = power < 0 ? Dense.Adjoint(single) : single;
        var expected = Dense.Identity(8);
        for (var i = 0; i < Math.Abs(power); i++)
        {
            expected = Dense.Multiply(baseMatrix, expected);
        }

        var actual = CircuitUnitary.Of(QasmParser.Parse(Q3 + gate + statement));

        Assert.True(Dense.MaxDifference(expected, actual) < 1e-12);
    }

    [Fact]
    public void Parse_ControlledUserGateWithGlobalPhase_PhaseBecomesRelative()
    {
        const string gate = "gate g a, b { h a; cx a, b; gphase(0.4); ry(0.3) b; }\n";
        var inner = CircuitUnitary.Of(QasmParser.Parse(H + "qubit[2] q;\n" + gate + "g q[0], q[1];"));
        var expected = Dense.Embed(Dense.Controlled(inner, true), [2, 0, 1], 3);

        var actual = CircuitUnitary.Of(QasmParser.Parse(Q3 + gate + "ctrl @ g q[2], q[0], q[1];"));

        Assert.True(Dense.MaxDifference(expected, actual) < 1e-12);
    }

    [Fact]
    public void Parse_NonIntegerPowerOfMultiGateGate_FailsClearly()
    {
        var e = Assert.Throws<QasmException>(() => QasmParser.Parse(Q3 + "gate g a, b { h a; cx a, b; }\npow(0.5) @ g q[0], q[1];"));

        Assert.Equal((5, 1), (e.Line, e.Column));
        Assert.Equal("pow(0.5) with a non-integer power needs a gate that is one diagonal or one-qubit operation", e.Detail);
    }

    [Fact]
    public void Parse_ModifiedCallOnRegisters_Broadcasts()
    {
        var circuit = QasmParser.Parse(H + "qubit c;\nqubit[2] r;\nctrl @ x c, r;");
        var gates = circuit.Operations.Cast<GateOperation>().ToArray();

        Assert.Equal([(0, 1), (0, 2)], gates.Select(g => (g.Controls[0], g.Targets[0])));
    }

    [Fact]
    public void Parse_ControlledDiagonalGate_StaysDiagonal()
    {
        var circuit = QasmParser.Parse(Q3 + "ctrl @ rz(0.3) q[0], q[1];\nctrl @ ctrl @ gphase(0.2) q[0], q[1];\nnegctrl @ s q[2], q[0];");

        Assert.All(circuit.Operations.Cast<GateOperation>(), g => Assert.True(g.IsDiagonal));
    }

    [Fact]
    public void Parse_IfElseForms_BuildConditionals()
    {
        var circuit = QasmParser.Parse(H + "qubit[2] q;\nbit[2] c;\nc[0] = measure q[0];\n"
            + "if (c == 2) { x q[0]; h q[1]; } else { h q[0]; }\n"
            + "if (c[0]) x q[1];\n"
            + "if (c != 1) x q[0];\n"
            + "if (!c[1]) { z q[0]; }\n"
            + "if (c == \"10\") { y q[0]; }\n"
            + "if (c[1] == 1) { if (c[0] == false) { x q[1]; } measure q[1] -> c[1]; }");
        var c = circuit.Operations.Skip(1).Cast<ConditionalOperation>().ToArray();

        Assert.Equal(6, c.Length);
        Assert.Equal([0, 1], ((ClassicalCondition)c[0].Condition).Clbits);
        Assert.Equal((2UL, 2, 1), (((ClassicalCondition)c[0].Condition).Value, c[0].Then.Count, c[0].Else.Count));
        Assert.Equal([0], ((ClassicalCondition)c[1].Condition).Clbits);
        Assert.Equal((1UL, 1, 0), (((ClassicalCondition)c[1].Condition).Value, c[1].Then.Count, c[1].Else.Count));
        Assert.Equal((1UL, 0, 1), (((ClassicalCondition)c[2].Condition).Value, c[2].Then.Count, c[2].Else.Count));
        Assert.Equal([1], ((ClassicalCondition)c[3].Condition).Clbits);
        Assert.Equal(0UL, ((ClassicalCondition)c[3].Condition).Value);
        Assert.Equal(2UL, ((ClassicalCondition)c[4].Condition).Value);
        var nested = Assert.IsType<ConditionalOperation>(c[5].Then[0]);
        Assert.Equal(0UL, ((ClassicalCondition)nested.Condition).Value);
        Assert.IsType<MeasureOperation>(c[5].Then[1]);
    }

    [Fact]
    public void Parse_InputParameters_BoundFromOptions()
    {
        var source = H + "input float theta;\ninput float[64] phi;\ninput angle[20] psi;\nqubit q;\nrx(theta) q;\nrz(phi * 2 + psi) q;";
        var options = new QasmParseOptions { Parameters = new Dictionary<string, double> { ["theta"] = 0.5, ["phi"] = 0.25, ["psi"] = 1 } };

        var circuit = QasmParser.Parse(source, options);

        Assert.Equal(["theta", "phi", "psi"], circuit.InputParameters);
        // psi is an angle[20]: 1 rad held to the nearest 2π/2²⁰ (the specification's angle type).
        var parameters = circuit.Operations.Cast<GateOperation>().Select(g => g.Parameters[0]).ToArray();
        Assert.Equal(0.5, parameters[0]);
        Assert.Equal(1.5, parameters[1], 2 * Math.PI / (1 << 20));
    }

    [Fact]
    public void Parse_InputWithoutBinding_FailsNamingIt()
    {
        var options = new QasmParseOptions { FileName = "p.qasm", Parameters = new Dictionary<string, double> { ["theta"] = 0.5 } };

        var e = Assert.Throws<QasmException>(() => QasmParser.Parse(H + "input float theta;\ninput float[64] phi;", options));

        Assert.Equal("p.qasm:4:17: error: no value bound for input parameter 'phi'", e.Message);
    }

    [Fact]
    public void Parse_BindingForUndeclaredInput_FailsNamingIt()
    {
        var options = new QasmParseOptions { Parameters = new Dictionary<string, double> { ["theta"] = 0.5, ["gamma"] = 1 } };

        var e = Assert.Throws<QasmException>(() => QasmParser.Parse(H + "input float theta;", options));

        Assert.Equal("a value is bound for 'gamma' but the program declares no input parameter of that name", e.Detail);
        Assert.Equal((1, 1), (e.Line, e.Column));
    }

    [Fact]
    public void Parse_InputInsideGateBody_IsNotVisible()
    {
        var options = new QasmParseOptions { Parameters = new Dictionary<string, double> { ["theta"] = 0.5 } };

        var e = Assert.Throws<QasmException>(() => QasmParser.Parse(H + "input float theta;\ngate g a { rx(theta) a; }", options));

        Assert.Equal(("undefined identifier 'theta'", 4, 15), (e.Detail, e.Line, e.Column));
    }

    [Fact]
    public void Parse_ConstantsCommentsAndPowerOperator_Evaluate()
    {
        var circuit = QasmParser.Parse(H + "qubit q;\n/* a block\n comment */ rz(π/2 + τ - tau + ℯ - euler + 2**3 + pi) q; // done");

        Assert.Equal((Math.PI * 1.5) + 8, Assert.IsType<GateOperation>(Assert.Single(circuit.Operations)).Parameters[0], 12);
    }

    [Fact]
    public void Parse_BarrierWithoutArguments_CoversAllQubits()
    {
        var circuit = QasmParser.Parse(H + "qubit[2] q;\nqubit r;\nbarrier;");

        Assert.Equal([0, 1, 2], Assert.IsType<BarrierOperation>(Assert.Single(circuit.Operations)).Qubits);
    }

    [Fact]
    public void Parse_OpenQasm3WithoutStdgates_KnowsOnlyUAndGphase()
    {
        var circuit = QasmParser.Parse("OPENQASM 3;\nqubit q;\nU(0, 0, 0) q;\ngphase(0.1);");
        Assert.Equal(2, circuit.Operations.Count);

        var e = Assert.Throws<QasmException>(() => QasmParser.Parse("OPENQASM 3;\nqubit[2] q;\nCX q[0], q[1];"));
        Assert.Equal("undefined gate 'CX'", e.Detail);
    }

    [Theory]
    [InlineData("defcal x $0 { }", 1, "'defcal' is pulse-level (calibrations for a device's control electronics): a gate-level simulator does not run pulse programs")]
    [InlineData("cal { }", 1, "'cal' is pulse-level (calibrations for a device's control electronics): a gate-level simulator does not run pulse programs")]
    [InlineData("defcalgrammar \"openpulse\";", 1, "'defcalgrammar' is pulse-level (calibrations for a device's control electronics): a gate-level simulator does not run pulse programs")]
    [InlineData("opaque g a;", 1, "'opaque' gates are not supported: an opaque gate has no definition to simulate (define it with 'gate')")]
    [InlineData("extern f(int) -> int; int y = f(1);", 31, "'f' is an extern function: it runs on the control system outside the quantum program, which this simulator does not have")]
    [InlineData("complex z;", 1, "complex values ('complex') are not supported")]
    [InlineData("x $0;", 3, "physical qubit $0 cannot be used in a program that declares qubits")]
    [InlineData("x q[0:2];", 5, "index 2 out of range for 'q' of size 2")]
    [InlineData("const int n;", 11, "constant 'n' needs a value")]
    [InlineData("const int n = 1; n = 2;", 18, "cannot assign to constant 'n'")]
    [InlineData("c[0] = measure q;", 1, "cannot measure 2 qubits into 1 bit")]
    [InlineData("int x = 1 / 0;", 11, "division by zero")]
    [InlineData("int y = 0; int x = 1 / y;", 22, "integer division by zero")]
    [InlineData("break;", 1, "'break' outside a loop")]
    [InlineData("return;", 1, "'return' outside a subroutine")]
    [InlineData("bit m = measure q[0]; for int i in [0:2] { x q[m]; }", 48, "an index must be known when the program is read, but it depends on measured values")]
    [InlineData("input int n;", 11, "no value bound for input parameter 'n'")]
    [InlineData("foo @ x q[0], q[1];", 1, "unknown gate modifier 'foo'")]
    [InlineData("pow @ x q[0];", 1, "modifier 'pow' takes one argument, got 0")]
    [InlineData("ctrl(0) @ x q[0], q[1];", 6, "the number of controls must be between 1 and 64, got 0")]
    [InlineData("ctrl @ x q[0];", 8, "gate 'x' with its modifiers expects 2 qubit arguments, got 1")]
    public void Parse_RefusedOpenQasm3_FailsNamingTheConstruct(string statement, int column, string detail)
    {
        var e = Assert.Throws<QasmException>(() => QasmParser.Parse(H + "qubit[2] q;\nbit[2] c;\n" + statement));

        Assert.Equal((detail, 5, column), (e.Detail, e.Line, e.Column));
    }

    private static Complex[,] Add(Complex[,] a, Complex[,] b)
    {
        var r = new Complex[a.GetLength(0), a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                r[i, j] = a[i, j] + b[i, j];
            }
        }
        return r;
    }
}
