using VolunteerQuantum.Circuits.Qasm;
using static VolunteerQuantum.Simulation.Tests.OpenQasm3.QasmRuns;

namespace VolunteerQuantum.Simulation.Tests.OpenQasm3;

/// <summary>
/// Programs in the shapes <c>qiskit.qasm3.dumps</c> writes (declarations first, bits before qubits,
/// <c>c[0] = measure q[0];</c>, <c>if (c[0]) {</c>, <c>while (cr == 0) {</c>, <c>for _ in [0:3] {</c>,
/// <c>switch (switch_dummy) {</c> through a global <c>int switch_dummy</c>, <c>box {</c>, loose <c>bit _bit0;</c>),
/// each against its hand-computed distribution, and where one exists against the equivalent OpenQASM 2
/// or unrolled program run on the same engine. Global bit registers start at 0, as in Qiskit.
/// </summary>
public sealed class QiskitShapedProgramsTests
{
    [Fact]
    public void IfOnMeasuredBit_CopiesItToSecondQubit()
    {
        const string qasm3 = """
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[2] c;
            qubit[2] q;
            h q[0];
            c[0] = measure q[0];
            if (c[0]) {
              x q[1];
            }
            c[1] = measure q[1];
            """;
        // The same in OpenQASM 2: c[1] is still 0 when the if runs, so c == 1 exactly when c[0] is 1.
        const string qasm2 = """
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg q[2];
            creg c[2];
            h q[0];
            measure q[0] -> c[0];
            if(c==1) x q[1];
            measure q[1] -> c[1];
            """;
        var exact = new Dictionary<string, double> { ["00"] = 0.5, ["11"] = 0.5 };
        AssertDistribution(exact, Counts(QasmParser.Parse(qasm3), Shots, 1));
        AssertDistribution(exact, Counts(QasmParser.Parse(qasm2), Shots, 2));
    }

    [Theory]
    [InlineData("c == 0")]
    [InlineData("!c[0]")]
    public void WhileLoop_RepeatUntilSuccess_AlwaysEndsInOne(string condition)
    {
        // Each round measures |+>: 1 with probability 1/2, so the loop ends after k rounds with probability 2^−k
        // (more than 100 rounds: 2^−100) and always with c[0] = 1. c starts at 0, so the body runs at least once.
        var source = $$"""
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[1] c;
            qubit[1] q;
            while ({{condition}}) {
              reset q[0];
              h q[0];
              c[0] = measure q[0];
            }
            """;
        Assert.Equal("1", OnlyOutcome(QasmParser.Parse(source), 500));
    }

    [Theory]
    [InlineData("for _ in [0:2]", "1")]
    [InlineData("for uint i in [0:2]", "1")]
    [InlineData("for i in [0:2]", "1")]
    [InlineData("for _ in {0, 3, 4}", "1")]
    [InlineData("for int[8] i in [4:-2:0]", "1")]
    [InlineData("for _ in [1:2:4]", "0")]
    [InlineData("for _ in [0:3]", "0")]
    public void ForLoop_BodyRunsOncePerValue(string loop, string expected)
    {
        // [a:b] is inclusive at both ends: [0:2] and {0, 3, 4} and [4:-2:0] = 4, 2, 0 have three values (x three
        // times: 1); [1:2:4] = 1, 3 and [0:3] have two and four (x an even number of times: 0). `for _ in` (Qiskit's
        // loop without a parameter) and the untyped `for i in` run the body the same way.
        var source = $$"""
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[1] c;
            qubit[1] q;
            {{loop}} {
              x q[0];
            }
            c[0] = measure q[0];
            """;
        Assert.Equal(expected, OnlyOutcome(QasmParser.Parse(source)));
    }

    [Fact]
    public void ForLoopParameter_AsGateAngle_AddsUp()
    {
        // Qiskit names the loop parameter and uses it as an angle: rx(0) rx(3) rx(4) = rx(7) exactly.
        const string source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[1] q;
            for my_x in {0, 3, 4} {
              rx(my_x) q[0];
            }
            """;
        var state = FinalState(QasmParser.Parse(source));
        AssertSameState(FinalState(QasmParser.Parse(Header + "qubit[1] q;\nrx(7) q[0];\n")), state);
        Assert.Equal(Math.Pow(Math.Sin(3.5), 2), state[1].Magnitude * state[1].Magnitude, 12);
    }

    [Fact]
    public void CustomGate_UsedOnlyInsideLoop_IsApplied()
    {
        // Qiskit defines a gate used only inside a loop at the top level: custom = rx(0.5), twice: rx(1.0).
        const string source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            gate custom _gate_q_0 {
              rx(0.5) _gate_q_0;
            }
            qubit[1] q;
            for b in [0:1] {
              custom q[0];
            }
            """;
        AssertSameState(FinalState(QasmParser.Parse(Header + "qubit[1] q;\nrx(1.0) q[0];\n")), FinalState(QasmParser.Parse(source)));
    }

    [Fact]
    public void Switch_ThroughDummyInt_PicksOneCase()
    {
        // c is uniform on 0..3; case 0 sets q[2], case 1, 2 sets q[3], default (c = 3) sets both: d = q[3]q[2].
        const string qasm3 = """
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[2] c;
            bit[2] d;
            int switch_dummy;
            qubit[4] q;
            h q[0];
            h q[1];
            c[0] = measure q[0];
            c[1] = measure q[1];
            switch_dummy = c;
            switch (switch_dummy) {
              case 0 {
                x q[2];
              }
              case 1, 2 {
                x q[3];
              }
              default {
                x q[2];
                x q[3];
              }
            }
            d[0] = measure q[2];
            d[1] = measure q[3];
            """;
        const string qasm2 = """
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg q[4];
            creg c[2];
            creg d[2];
            h q[0];
            h q[1];
            measure q[0] -> c[0];
            measure q[1] -> c[1];
            if(c==0) x q[2];
            if(c==1) x q[3];
            if(c==2) x q[3];
            if(c==3) x q[2];
            if(c==3) x q[3];
            measure q[2] -> d[0];
            measure q[3] -> d[1];
            """;
        var exact = new Dictionary<string, double> { ["01 00"] = 0.25, ["10 01"] = 0.25, ["10 10"] = 0.25, ["11 11"] = 0.25 };
        AssertDistribution(exact, Counts(QasmParser.Parse(qasm3), Shots, 3));
        AssertDistribution(exact, Counts(QasmParser.Parse(qasm2), Shots, 4));
    }

    [Theory]
    [InlineData("""
        if (c == 2) {
          x q[2];
        } else {
          if (c[0]) {
            x q[3];
          } else {
            x q[2];
            x q[3];
          }
        }
        """)]
    [InlineData("""
        if (c == 2) {
          x q[2];
        } else if (c[0]) {
          x q[3];
        } else {
          x q[2];
          x q[3];
        }
        """)]
    public void IfElse_NestedAndChained_PickOneBranch(string branches)
    {
        // c uniform on 0..3: c = 2 sets q[2] (d = 01); c = 1 or 3 (c[0] set) sets q[3] (d = 10); c = 0 sets both (d = 11).
        var source = $$"""
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[2] c;
            bit[2] d;
            qubit[4] q;
            h q[0];
            h q[1];
            c[0] = measure q[0];
            c[1] = measure q[1];
            {{branches}}
            d[0] = measure q[2];
            d[1] = measure q[3];
            """;
        const string qasm2 = """
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg q[4];
            creg c[2];
            creg d[2];
            h q[0];
            h q[1];
            measure q[0] -> c[0];
            measure q[1] -> c[1];
            if(c==2) x q[2];
            if(c==1) x q[3];
            if(c==3) x q[3];
            if(c==0) x q[2];
            if(c==0) x q[3];
            measure q[2] -> d[0];
            measure q[3] -> d[1];
            """;
        var exact = new Dictionary<string, double> { ["11 00"] = 0.25, ["10 01"] = 0.25, ["01 10"] = 0.25, ["10 11"] = 0.25 };
        AssertDistribution(exact, Counts(QasmParser.Parse(source), Shots, 5));
        AssertDistribution(exact, Counts(QasmParser.Parse(qasm2), Shots, 6));
    }

    [Fact]
    public void IfNestedInWhile_LoopsUntilBothBitsSet()
    {
        // A round that measures cr[0] = 0 leaves qr[1] at 0, so cr = 00 and the loop goes on; one that measures 1
        // flips qr[1], so cr = 11 and it ends. Every shot ends at 11.
        const string source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[2] cr;
            qubit[2] qr;
            while (cr == 0) {
              reset qr[0];
              h qr[0];
              cr[0] = measure qr[0];
              if (cr[0]) {
                x qr[1];
              }
              cr[1] = measure qr[1];
            }
            """;
        Assert.Equal("11", OnlyOutcome(QasmParser.Parse(source), 500));
    }

    [Fact]
    public void Box_BodiesRunAsWritten()
    {
        // A box (with or without a duration) only groups its body for scheduling: the state is x q[0]; h q[1].
        const string source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[2] q;
            box {
              x q[0];
            }
            box[50.0ms] {
              h q[1];
            }
            box[200dt] {
              box[10dt] {
              }
            }
            """;
        AssertSameState(FinalState(QasmParser.Parse(Header + "qubit[2] q;\nx q[0];\nh q[1];\n")), FinalState(QasmParser.Parse(source)));
    }

    [Fact]
    public void WhileTrue_BreakOnCounter_StopsAtThree()
    {
        // i counts the rounds; the third breaks out: i = 3.
        const string source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[32] c;
            qubit[1] q;
            int[32] i = 0;
            while (true) {
              i += 1;
              if (i == 3) {
                break;
              }
            }
            c = bit[32](i);
            """;
        Assert.Equal("11".PadLeft(32, '0'), OnlyOutcome(QasmParser.Parse(source)));
    }

    [Fact]
    public void WhileLoop_ContinueAndBreak_SkipTheRestOfTheBody()
    {
        // The specification's example (classical.rst, "Breaking and continuing loops"), with counters in the
        // two "program" places: i = 1 adds 1 and 10; i = 2 continues; i = 3 adds 1 and 10; i = 4 adds 1 and
        // breaks. ran = 23 (00010111), i = 4 (00000100); keys read "cran ci".
        const string source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            bit[8] ci;
            bit[8] cran;
            qubit[1] q;
            int[8] i = 0;
            int[8] ran = 0;
            while (i < 10) {
              i += 1;
              if (i == 2) {
                continue;
              }
              ran += 1;
              if (i == 4) {
                break;
              }
              ran += 10;
            }
            ci = bit[8](i);
            cran = bit[8](ran);
            """;
        Assert.Equal("00010111 00000100", OnlyOutcome(QasmParser.Parse(source)));
    }

    [Fact]
    public void LooseBits_NegatedCondition_Fires()
    {
        // _bit0 measures |0>, so !_bit0 holds and x sets the qubit: cr[0] = 1. Keys read "cr _bit0".
        const string source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            bit _bit0;
            bit[2] cr;
            qubit _qubit0;
            _bit0 = measure _qubit0;
            if (!_bit0) {
              x _qubit0;
            }
            cr[0] = measure _qubit0;
            """;
        Assert.Equal("01 0", OnlyOutcome(QasmParser.Parse(source)));
    }

    [Fact]
    public void InputFloatParameter_BoundByName()
    {
        // Qiskit writes unbound parameters as `input float[64] name;`. rx(0.7)|0> = cos(0.35)|0> − i sin(0.35)|1>.
        const string source = """
            OPENQASM 3.0;
            include "stdgates.inc";
            input float[64] theta;
            qubit[1] q;
            rx(theta) q[0];
            """;
        var state = FinalState(QasmParser.Parse(source, new QasmParseOptions { Parameters = new Dictionary<string, double> { ["theta"] = 0.7 } }));
        AssertSameState([Math.Cos(0.35), new Complex(0, -Math.Sin(0.35))], state);
    }

    [Fact]
    public void ForLoop_IndexesQubits_EqualsUnrolledGhz()
    {
        // cx q[i], q[i + 1] for i = 0, 1, 2 after h q[0]: (|0000> + |1111>)/√2, as the unrolled program.
        const string looped = """
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[4] q;
            h q[0];
            for uint i in [0:2] {
              cx q[i], q[i + 1];
            }
            """;
        var state = FinalState(QasmParser.Parse(looped));
        AssertSameState(FinalState(QasmParser.Parse(Header + "qubit[4] q;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\ncx q[2], q[3];\n")), state);
        Assert.Equal(1 / Math.Sqrt(2), state[0].Real, 12);
        Assert.Equal(1 / Math.Sqrt(2), state[15].Real, 12);
    }
}
