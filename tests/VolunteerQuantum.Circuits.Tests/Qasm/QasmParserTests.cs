using System.Numerics;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Circuits.Tests.Support;

namespace VolunteerQuantum.Circuits.Tests.Qasm;

/// <summary>OpenQASM 2.0 features, one at a time.</summary>
public sealed class QasmParserTests
{
    private const string Header = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n";

    [Theory]
    [InlineData("OPENQASM 2.0;")]
    [InlineData("OPENQASM 2;")]
    [InlineData("// a comment first\n/* and a block */\nOPENQASM 2.0;")]
    public void Parse_HeaderForms_ParseWithoutWarnings(string header)
    {
        var circuit = QasmParser.Parse(header + "\nqreg q[1];\nU(0,0,0) q[0];");

        Assert.Empty(circuit.Warnings);
        Assert.Single(circuit.Operations);
    }

    [Fact]
    public void Parse_NoHeader_WarnsAndReadsOpenQasm2()
    {
        var circuit = QasmParser.Parse("qreg q[1];\nU(0,0,0) q[0];", new QasmParseOptions { FileName = "x.qasm" });

        Assert.Equal("x.qasm:1:1: warning: no 'OPENQASM' header; reading the file as OpenQASM 2.0", Assert.Single(circuit.Warnings));
    }

    [Fact]
    public void Parse_RegistersDeclaredAnywhere_NumberedInDeclarationOrder()
    {
        var circuit = QasmParser.Parse(Header + "qreg a[2];\ngate g x { h x; }\ncreg c[1];\nh a;\nqreg b[3];\ncreg d[2];\nx b[2];\nmeasure b[2] -> d[1];");

        Assert.Equal([("a", 0, 2), ("b", 2, 3)], circuit.QuantumRegisters.Select(r => (r.Name, r.Offset, r.Size)));
        Assert.Equal([("c", 0, 1), ("d", 1, 2)], circuit.ClassicalRegisters.Select(r => (r.Name, r.Offset, r.Size)));
        var measure = Assert.IsType<MeasureOperation>(circuit.Operations[^1]);
        Assert.Equal((4, 2), (measure.Qubit, measure.Clbit));
    }

    [Theory]
    [InlineData("1+2*3", 7)]
    [InlineData("(1+2)*3", 9)]
    [InlineData("2^3^2", 512)]
    [InlineData("-2^2", -4)]
    [InlineData("2^-1", 0.5)]
    [InlineData("-(-1)", 1)]
    [InlineData("8/2/2", 2)]
    [InlineData("1-2-3", -4)]
    [InlineData(".1", 0.1)]
    [InlineData("1.", 1)]
    [InlineData("1e-3", 1e-3)]
    [InlineData("2.151746e+00", 2.151746)]
    [InlineData("pi/2", Math.PI / 2)]
    [InlineData("-pi", -Math.PI)]
    [InlineData("sin(pi/2)", 1)]
    [InlineData("cos(0)", 1)]
    [InlineData("tan(0.5)", 0.54630248984379048)]
    [InlineData("exp(1)", Math.E)]
    [InlineData("ln(exp(2))", 2)]
    [InlineData("sqrt(16)", 4)]
    [InlineData("asin(1)", Math.PI / 2)]
    [InlineData("acos(1)", 0)]
    [InlineData("atan(1)*4", Math.PI)]
    [InlineData("0.3*0.2/1", 0.06)]
    public void Parse_ParameterExpression_EvaluatesInDoublePrecision(string expression, double expected)
    {
        var circuit = QasmParser.Parse(Header + $"qreg q[1];\nu1({expression}) q[0];");

        var gate = Assert.IsType<GateOperation>(Assert.Single(circuit.Operations));
        Assert.Equal(expected, gate.Parameters[0], 12);
    }

    [Fact]
    public void Parse_EmptyParensAndEmptyBodies_AreIdentity()
    {
        var circuit = QasmParser.Parse(Header + "gate pre() q { }\ngate post q {}\nqreg q[1];\npre() q[0];\npre q[0];\npost q[0];");

        Assert.Empty(circuit.Operations);
    }

    [Fact]
    public void Parse_RegisterBroadcast_ExpandsPerIndex()
    {
        var circuit = QasmParser.Parse(Header + "qreg q[3];\nqreg r[3];\nh q;\ncx q, r;\ncx q[0], r;\ncx q, r[1];");
        var gates = circuit.Operations.Cast<GateOperation>().ToArray();

        Assert.Equal(12, gates.Length);
        Assert.Equal([[0], [1], [2]], gates[..3].Select(g => g.Targets.ToArray()));
        Assert.Equal([(0, 3), (1, 4), (2, 5)], gates[3..6].Select(g => (g.Controls[0], g.Targets[0])));
        Assert.Equal([(0, 3), (0, 4), (0, 5)], gates[6..9].Select(g => (g.Controls[0], g.Targets[0])));
        Assert.Equal([(0, 4), (1, 4), (2, 4)], gates[9..].Select(g => (g.Controls[0], g.Targets[0])));
    }

    [Fact]
    public void Parse_MixedBroadcastOfUserGate_FixesIndexedArguments()
    {
        var circuit = QasmParser.Parse(Header + "gate t3 a, b, c { x a; y b; z c; }\nqreg q[2];\nqreg r[2];\nqreg v[2];\nt3 q, r[1], v;");
        var gates = circuit.Operations.Cast<GateOperation>().Select(g => (g.Name, g.Targets[0])).ToArray();

        Assert.Equal([("x", 0), ("y", 3), ("z", 4), ("x", 1), ("y", 3), ("z", 5)], gates);
    }

    [Fact]
    public void Parse_StandardGates_BecomeControlledOrDiagonalOperations()
    {
        var circuit = QasmParser.Parse(Header + "qreg q[5];\ncx q[1], q[0];\nccx q[0], q[1], q[2];\nc4x q[0], q[1], q[2], q[3], q[4];\ncu1(0.3) q[2], q[3];\nrzz(0.4) q[0], q[4];\nrxx(0.5) q[3], q[1];");
        var g = circuit.Operations.Cast<GateOperation>().ToArray();

        AssertQubits(g[0], [0], [1]);
        Assert.Equal(StandardGates.X, g[0].Matrix);
        AssertQubits(g[1], [2], [0, 1]);
        AssertQubits(g[2], [4], [0, 1, 2, 3]);
        Assert.True(g[3].IsDiagonal);
        AssertQubits(g[3], [3], [2]);
        Assert.True(g[4].IsDiagonal);
        Assert.Equal([0, 4], g[4].Targets);
        Assert.Equal([3, 1], g[5].Targets);
        Assert.Empty(g[5].Controls);
    }

    [Fact]
    public void Parse_BuiltinUAndCX_WorkWithoutInclude()
    {
        var circuit = QasmParser.Parse("OPENQASM 2.0;\nqreg q[2];\nU(0.2,0.1,0.6) q[0];\nCX q[0], q[1];");
        var g = circuit.Operations.Cast<GateOperation>().ToArray();

        Assert.True(g[0].Matrix.ApproximatelyEquals(StandardGates.U(0.2, 0.1, 0.6), 0));
        AssertQubits(g[1], [1], [0]);
    }

    [SharedFact]
    public void Parse_TenQubitUserGate_ExpandsIntoSmallGates()
    {
        var circuit = QasmParser.ParseFile(SharedFiles.Qasm("qasmbench/bigadder_n18.qasm"));

        Assert.All(circuit.Operations.OfType<GateOperation>(), g => Assert.True(g.Matrix.QubitCount <= 2));
        Assert.Contains(circuit.Operations.OfType<GateOperation>(), g => g.Controls.Count == 2);
    }

    [Fact]
    public void Parse_UserGate_EqualsComposedBody()
    {
        var circuit = QasmParser.Parse(Header + "gate g(a, b) x, y { h x; cx x, y; u3(a, b, a+b) y; rz(-a/2) x; }\nqreg q[2];\ng(0.3, -1.2) q[1], q[0];");
        var expected = Dense.Identity(4);
        expected = Dense.Multiply(Dense.Embed(CircuitUnitary.ToDense(StandardGates.H), [1], 2), expected);
        expected = Dense.Multiply(Dense.Embed(Dense.FromRows([1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0]), [1, 0], 2), expected);
        expected = Dense.Multiply(Dense.Embed(IncludeComposer.USpec2(0.3, -1.2, -0.9), [0], 2), expected);
        expected = Dense.Multiply(Dense.Embed(IncludeComposer.USpec2(0, 0, -0.15), [1], 2), expected);

        Assert.True(Dense.MaxDifference(expected, CircuitUnitary.Of(circuit)) < 1e-12);
    }

    [Fact]
    public void Parse_UserGateShadowingInclude_WarnsAndUsesUserDefinition()
    {
        var circuit = QasmParser.Parse(Header + "qreg q[2];\ngate cu c, t { x t; }\ncu q[0], q[1];", new QasmParseOptions { FileName = "s.qasm" });

        Assert.Equal("s.qasm:4:6: warning: gate 'cu' shadows the gate of the same name from built-in qelib1.inc", Assert.Single(circuit.Warnings));
        var gate = Assert.IsType<GateOperation>(Assert.Single(circuit.Operations));
        Assert.Equal(("x", 1), (gate.Name, gate.Targets[0]));
    }

    [Fact]
    public void Parse_GateDefinedBeforeShadowing_KeepsTheBuiltinItReferred()
    {
        var circuit = QasmParser.Parse(Header + "qreg q[2];\ngate g a, b { cu(0.1, 0.2, 0.3, 0.4) a, b; }\ngate cu c, t { x t; }\ng q[0], q[1];");

        var gate = Assert.IsType<GateOperation>(Assert.Single(circuit.Operations));
        Assert.Equal(("cu", 1), (gate.Name, gate.Controls.Count));
    }

    [Fact]
    public void Parse_MeasureResetBarrier_ExpandRegisters()
    {
        var circuit = QasmParser.Parse(Header + "qreg q[2];\nqreg r[1];\ncreg c[2];\nmeasure q -> c;\nmeasure r[0] -> c[1];\nreset q;\nreset r[0];\nbarrier q, r[0], q[1];");
        var ops = circuit.Operations;

        Assert.Equal(new MeasureOperation(0, 0), ops[0] with { Location = null });
        Assert.Equal(new MeasureOperation(1, 1), ops[1] with { Location = null });
        Assert.Equal(new MeasureOperation(2, 1), ops[2] with { Location = null });
        Assert.Equal([0, 1, 2], ops.Skip(3).Take(3).Cast<ResetOperation>().Select(r => r.Qubit));
        Assert.Equal([0, 1, 2], Assert.IsType<BarrierOperation>(ops[6]).Qubits);
    }

    [Fact]
    public void Parse_IfOnCreg_ConditionsEachBroadcastInstance()
    {
        var circuit = QasmParser.Parse(Header + "qreg q[2];\ncreg a[1];\ncreg c[2];\nif(c==2) x q;\nif(c==0) measure q -> c;");
        var conditionals = circuit.Operations.Cast<ConditionalOperation>().ToArray();

        Assert.Equal(4, conditionals.Length);
        Assert.All(conditionals, c => Assert.Equal([1, 2], ((ClassicalCondition)c.Condition).Clbits));
        Assert.Equal([2UL, 2UL, 0UL, 0UL], conditionals.Select(c => ((ClassicalCondition)c.Condition).Value));
        Assert.All(conditionals, c => Assert.Single(c.Then));
        Assert.Equal(new MeasureOperation(1, 2), conditionals[3].Then[0] with { Location = null });
    }

    [Fact]
    public void Parse_OpaqueDeclaredButNotCalled_Parses()
    {
        var circuit = QasmParser.Parse(Header + "opaque magic(a) q, r;\nqreg q[1];\nh q[0];");

        Assert.Single(circuit.Operations);
    }

    [Fact]
    public void Parse_Operations_CarryTheirStatementLocation()
    {
        var circuit = QasmParser.Parse(Header + "qreg q[2];\n  h q;", new QasmParseOptions { FileName = "loc.qasm" });

        Assert.All(circuit.Operations, o => Assert.Equal(new SourceLocation("loc.qasm", 4, 3), o.Location));
    }

    [Fact]
    public void Parse_GateBodyWithBarrier_KeepsBarrierOnMappedQubits()
    {
        var circuit = QasmParser.Parse(Header + "gate g a, b { h a; barrier a, b; h b; }\nqreg q[3];\ng q[2], q[0];");

        Assert.Equal([2, 0], Assert.IsType<BarrierOperation>(circuit.Operations[1]).Qubits);
    }

    [Fact]
    public void Parse_SameBuiltinIncludedTwice_IsHarmless()
    {
        var circuit = QasmParser.Parse(Header + "include \"qelib1.inc\";\nqreg q[1];\nh q[0];");

        Assert.Empty(circuit.Warnings);
        Assert.Single(circuit.Operations);
    }

    [Fact]
    public void Parse_ConditionValueTooWide_Warns()
    {
        var circuit = QasmParser.Parse(Header + "qreg q[1];\ncreg c[2];\nif(c==4) x q[0];", new QasmParseOptions { FileName = "w.qasm" });

        Assert.Equal("w.qasm:5:7: warning: 4 does not fit in creg c[2]; the condition is never true", Assert.Single(circuit.Warnings));
    }

    [Fact]
    public void Parse_CircuitUnitary_MatchesKnownBellPreparation()
    {
        var circuit = QasmParser.Parse(Header + "qreg q[2];\nh q[0];\ncx q[0], q[1];");
        var state = ReferenceSimulator.FinalState(circuit);

        Assert.Equal(1 / Math.Sqrt(2), state[0].Real, 15);
        Assert.Equal(1 / Math.Sqrt(2), state[3].Real, 15);
        Assert.Equal(Complex.Zero, state[1]);
        Assert.Equal(Complex.Zero, state[2]);
    }

    private static void AssertQubits(GateOperation gate, int[] targets, int[] controls)
    {
        Assert.Equal(targets, gate.Targets);
        Assert.Equal(controls, gate.Controls);
    }
}
