using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Simulation.Execution;
using static VolunteerQuantum.Simulation.Tests.OpenQasm3.QasmRuns;

namespace VolunteerQuantum.Simulation.Tests.OpenQasm3;

/// <summary>
/// The example programs of the OpenQASM specification (shared corpus, <c>foreign/openqasm</c>), each
/// against what it computes, worked out by hand in the test. Most have no version line: they are read
/// as OpenQASM 3 with a warning. Statistics as in <see cref="QasmRuns"/>: 5σ binomial bounds, χ² below
/// the 1 − 10⁻⁶ quantile, 20,000 shots.
/// </summary>
public sealed class SpecExamplesTests
{
    private static string Example(string name) => Path.Combine(SharedFiles.Circuits, "foreign", "openqasm", name);

    private static Circuit Load(string name) => QasmParser.ParseFile(Example(name));

    /// <summary>The example's text, edited by <paramref name="edit"/>, parsed under the example's own file name.</summary>
    private static Circuit LoadEdited(string name, Func<string, string> edit)
    {
        var path = Example(name);
        var text = File.ReadAllText(path);
        var edited = edit(text);
        Assert.NotEqual(text, edited);
        return QasmParser.Parse(edited, new QasmParseOptions { FileName = path });
    }

    private static void AssertAssumedOpenQasm3(Circuit circuit) =>
        Assert.Contains(circuit.Warnings, w => w.Contains("OpenQASM 3", StringComparison.Ordinal) && w.Contains("assum", StringComparison.OrdinalIgnoreCase));

    [SharedFact]
    public void Adder_OnePlusFifteen_IsSixteen()
    {
        // a_in = 1 and b_in = 15 set a = 0001, b = 1111 bit by bit (a_in[i] is bit i of the uint). The
        // Cuccaro adder leaves a + b mod 16 = 0 in b and the carry 1 in cout: ans = cout b = 1 0000.
        var circuit = Load("adder.qasm");
        AssertAssumedOpenQasm3(circuit);
        Assert.Equal("10000", OnlyOutcome(circuit));
    }

    [SharedFact]
    public void InverseQft1_OfUniformSuperposition_IsZero()
    {
        // h on |0000> gives |+>^4, the QFT of |0000>; its inverse (semiclassical, one qubit at a time, with
        // rotations conditioned on int[4](c)) measures 0 on every qubit, and no condition ever fires.
        var circuit = Load("inverseqft1.qasm");
        AssertAssumedOpenQasm3(circuit);
        Assert.Equal("0000", OnlyOutcome(circuit));
    }

    [SharedFact]
    public void InverseQft2_OfUniformSuperposition_IsZeroInFourRegisters()
    {
        // As inverseqft1, with the four bits in four one-bit registers c0..c3: keys read "c3 c2 c1 c0".
        var circuit = Load("inverseqft2.qasm");
        AssertAssumedOpenQasm3(circuit);
        Assert.Equal("0 0 0 0", OnlyOutcome(circuit));
    }

    [SharedFact]
    public void Qft_OfBasisState_IsUniform()
    {
        // The QFT of a basis state (here |0101>) has every amplitude of modulus 1/4: 16 outcomes, 1/16 each.
        var counts = Counts(Load("qft.qasm"), Shots, 5);
        var exact = Enumerable.Range(0, 16).ToDictionary(i => Convert.ToString(i, 2).PadLeft(4, '0'), _ => 1.0 / 16);
        AssertDistribution(exact, counts);
    }

    [SharedFact]
    public void Qft_FinalState_EqualsOpenQasm2Circuit()
    {
        // The same circuit in OpenQASM 2, cphase written as qelib1's cu1 (both diag(1, 1, 1, e^{iλ})).
        const string qasm2 = """
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg q[4];
            creg c[4];
            reset q;
            x q[0];
            x q[2];
            barrier q;
            h q[0];
            cu1(pi/2) q[1],q[0];
            h q[1];
            cu1(pi/4) q[2],q[0];
            cu1(pi/2) q[2],q[1];
            h q[2];
            cu1(pi/8) q[3],q[0];
            cu1(pi/4) q[3],q[1];
            cu1(pi/2) q[3],q[2];
            h q[3];
            """;
        var three = FinalState(LoadEdited("qft.qasm", t => t.Replace("c = measure q;", "", StringComparison.Ordinal)));
        var two = FinalState(QasmParser.Parse(qasm2));
        AssertSameStateUpToPhase(two, three);
        Assert.All(three, a => Assert.Equal(1.0 / 16, a.Magnitude * a.Magnitude, 12));
    }

    [SharedFact]
    public void Qpt_HadamardOnZero_IsFairCoin()
    {
        // pre and post are empty gates: h|0> measured gives 0 or 1 with probability 1/2.
        var counts = Counts(Load("qpt.qasm"), Shots, 7);
        Assert.All(counts.Keys, k => Assert.Contains(k, new[] { "0", "1" }));
        AssertProbability(0.5, counts.GetValueOrDefault("1"));
    }

    [SharedFact]
    public void Rb_Sequence_IsIdentity()
    {
        // q1 stays |0>, so both cz do nothing; on q0: h, s, s, z, h = H·Z·S·S·H = H·Z·Z·H = I.
        Assert.Equal("00", OnlyOutcome(Load("rb.qasm")));
    }

    [SharedFact]
    public void Teleport_TeleportsU()
    {
        // U(0.3, 0.2, 0.1)|0> = cos(0.15)|0> + e^{0.2i} sin(0.15)|1>, teleported to q[2] and measured: P(c2 = 1) =
        // sin²(0.15); the Bell-measurement bits c0, c1 are uniform. Keys read "c2 c1 c0".
        var counts = Counts(Load("teleport.qasm"), Shots, 11);
        Assert.All(counts.Keys, k => Assert.Matches("^[01] [01] [01]$", k));
        AssertProbability(Math.Pow(Math.Sin(0.15), 2), counts.Where(kv => kv.Key[0] == '1').Sum(kv => kv.Value));
        AssertProbability(0.5, counts.Where(kv => kv.Key[2] == '1').Sum(kv => kv.Value));
        AssertProbability(0.5, counts.Where(kv => kv.Key[4] == '1').Sum(kv => kv.Value));
    }

    [SharedFact]
    public void Rus_RepeatsUntilSuccess_OutputIsZero()
    {
        // segment applies, on outcome 00 (probability 5/8), diag(3 + i, −(1 + 3i))/4, i.e. the relative phase
        // −(3 + 4i)/5 = e^{i(π + arccos(3/5))}; on 01, 10, 11 it applies a multiple of the identity. The loop ends
        // on 00 with input_qubit = |0> + e^{i(π + α)}|1> (α = arccos(3/5); 3 / 5 is 0.6 here, as the example
        // means: arccos takes a float); rz(π − α) adds the relative phase π − α, total 2π: |+>, and h gives |0>.
        // flags (bit[2]) is 00 when the loop ends. Keys read "output_qubit flags".
        Assert.Equal("0 00", OnlyOutcome(Load("rus.qasm"), 200));
    }

    [SharedFact]
    public void Qec_BitFlipOnQubit0_IsCorrected()
    {
        // x q[0] makes the data 100 (q0 = 1): a0 = q0 ⊕ q1 = 1, a1 = q1 ⊕ q2 = 0, so syn = 01 (int 1) and
        // x q[0] undoes the error: c = 000. Keys read "syn c".
        Assert.Equal("01 000", OnlyOutcome(Load("qec.qasm")));
    }

    [SharedFact]
    public void Qec_WithoutError_HasNoSyndrome()
    {
        var circuit = LoadEdited("qec.qasm", t => t.Replace("x q[0]; // insert an error", "", StringComparison.Ordinal));
        Assert.Equal("00 000", OnlyOutcome(circuit));
    }

    [SharedFact]
    public void Ipe_EstimateBits_FollowBruteForceReference()
    {
        // c is an angle[10], not a bit register, so the program has nothing in its counts; the test appends a
        // global bit[10] and copies c into it (angle[n] → bit[n] is an exact, bit-by-bit copy, bit 0 the least
        // significant: types.rst, "Casting from bit" and "Casting from angle").
        var circuit = LoadEdited("ipe.qasm", t => t + "\nbit[10] out;\nout = bit[10](c);\n");
        var counts = Counts(circuit, Shots, 13);
        var exact = IpeReference();
        // Half the shots find r = |0>, where no phase kicks back and every bit is 0.
        Assert.Equal(0.5, exact["0000000000"], 9);
        AssertDistribution(exact, counts);
        // Bit 0 of c is always 0: each round's measurement lands in bit 0 and is then shifted left (the last by
        // the final c <<= 1), and round 0's bit is shifted off the top.
        Assert.All(counts.Keys, k => Assert.Equal('0', k[^1]));
    }

    /// <summary>
    /// The exact distribution of ipe.qasm's c, by brute force: a two-qubit state vector (index = q + 2r) carried
    /// down every path of measurement outcomes. Between measurements q is in a basis state, so reset q moves
    /// its amplitude to q = 0. Round i (power = 2^i): h q; controlled phase(θ·2^i) multiplies |q=1, r=1>;
    /// inv @ phase(c) multiplies both q = 1 amplitudes by e^{−ic}, c = 2π·int(c)/2¹⁰; h q; measure q into
    /// bit 0 of c, then c &lt;&lt;= 1 (bits shifted off the top are lost). θ = 3π/8 (the program's float[32]
    /// rounding moves probabilities by ~10⁻⁵ at most, far below what 20,000 shots resolve).
    /// </summary>
    private static Dictionary<string, double> IpeReference()
    {
        const double theta = 3 * Math.PI / 8;
        const int n = 10;
        var s = 1 / Math.Sqrt(2);
        var distribution = new Dictionary<string, double>();

        void Hadamard(Complex[] state, int qubit)
        {
            for (var i = 0; i < 4; i++)
            {
                if (((i >> qubit) & 1) == 0)
                {
                    var j = i | (1 << qubit);
                    (state[i], state[j]) = (s * (state[i] + state[j]), s * (state[i] - state[j]));
                }
            }
        }

        void Round(Complex[] state, int i, int c, double probability)
        {
            if (i == n)
            {
                var key = Convert.ToString(c, 2).PadLeft(n, '0');
                distribution[key] = distribution.GetValueOrDefault(key) + probability;
                return;
            }
            var next = new[] { state[0] + state[1], Complex.Zero, state[2] + state[3], Complex.Zero };
            Hadamard(next, 0);
            next[3] *= Complex.FromPolarCoordinates(1, theta * (1 << i));
            var estimate = 2 * Math.PI * c / (1 << n);
            next[1] *= Complex.FromPolarCoordinates(1, -estimate);
            next[3] *= Complex.FromPolarCoordinates(1, -estimate);
            Hadamard(next, 0);
            for (var m = 0; m <= 1; m++)
            {
                var p = (next[m].Magnitude * next[m].Magnitude) + (next[m + 2].Magnitude * next[m + 2].Magnitude);
                if (p < 1e-300)
                {
                    continue;
                }
                var norm = Math.Sqrt(p);
                var projected = new Complex[4];
                projected[m] = next[m] / norm;
                projected[m + 2] = next[m + 2] / norm;
                Round(projected, i + 1, ((c | m) << 1) & ((1 << n) - 1), probability * p);
            }
        }

        // reset q; reset r; h r.
        var start = new Complex[] { s, 0, s, 0 };
        Round(start, 0, 0, 1.0);
        Assert.Equal(1.0, distribution.Values.Sum(), 12);
        return distribution;
    }

    [SharedFact]
    public void VarTeleport_InnerLetDoesNotRebindOuterAlias_OutputIsFairCoin()
    {
        // The example's comment "should get zero" assumes `let io = bp[1];` inside the for body rebinds the outer
        // io. Under the specification's block scoping (scope.rst, "Block scope": a declaration inside a block
        // starts a new identifier that shadows the outer one until the block ends) it declares a new alias local
        // to the body, so after the loop io is still input_qubit. input_qubit is measured in every iteration
        // (pf[0] = measure io), so it ends in a basis state, and h io; measure gives 0 or 1 with probability 1/2.
        // (Had io been rebound to the last bp[1], the teleported rz(π/4)|+> after h would give P(0) = cos²(π/8) ≈ 0.854.)
        // pf is declared inside the loop: a local, not an output register, so keys are output_qubit alone.
        // Every shot measures 20 fair coins mid-circuit, so each is its own branch of a 21-qubit state: 150
        // shots (5σ = 0.20) still tell 1/2 from the rebound 0.854.
        const int shots = 150;
        var counts = Counts(Load("varteleport.qasm"), shots, 17);
        Assert.All(counts.Keys, k => Assert.Contains(k, new[] { "0", "1" }));
        AssertProbability(0.5, counts.GetValueOrDefault("1"), shots);
    }

    [SharedFact]
    public void Alignment_DelaysAndStretch_AreIdentities()
    {
        // Without noise, delay[g] and delay[2*g] do nothing and cx on |00> does nothing: the state is that of
        // U(π/4, 0, π/2) on q[2] alone, cos(π/8)|000> + e^{iφ} sin(π/8)|100> with φ = 0 (up to global phase).
        var circuit = Load("alignment.qasm");
        var state = FinalState(circuit);
        var reference = FinalState(QasmParser.Parse(Header + "qubit[3] q;\nU(pi/4, 0, pi/2) q[2];\n"));
        AssertSameState(reference, state);
        Assert.Equal(Math.Cos(Math.PI / 8), state[0].Magnitude, 12);
        var ratio = state[4] / state[0];
        Assert.Equal(Math.Tan(Math.PI / 8), ratio.Real, 12);
        Assert.Equal(0, ratio.Imaginary, 12);
    }

    [SharedFact]
    public void Arrays_WritesPastTheEndOfAnArray_RefusedNamingTheIndex()
    {
        // Classical declarations only, and correct up to line 51: my_defined_uints[a - 1] = a + 1 with a = 5
        // (a = my_defined_uints[0] = 5, line 47) writes index 4 of a
        // 4-element array. The specification's indexing rules make that an error, which is reported with the
        // array, the index and the line; everything before it (initialisers, 2-D rows, const sizes) was read.
        var e = Assert.Throws<QasmException>(() => Load("arrays.qasm"));
        Assert.Contains("index 4 out of range", e.Message, StringComparison.Ordinal);
        Assert.Contains("my_defined_uints", e.Message, StringComparison.Ordinal);
        Assert.Contains(":51:", e.Message, StringComparison.Ordinal);
    }

    [SharedFact]
    public void Arrays_UpToItsOutOfRangeWrite_RunsWithoutQubits()
    {
        // The same program with line 51 removed (and its second, identical const first_dimension, which
        // only warns) runs: a classical-only program on zero qubits.
        var lines = File.ReadAllLines(Path.Combine(SharedFiles.Circuits, "foreign", "openqasm", "arrays.qasm")).ToList();
        lines.RemoveAt(50);
        var circuit = QasmParser.Parse(string.Join('\n', lines), new QasmParseOptions { FileName = "arrays.qasm" });
        Assert.Equal(0, circuit.QubitCount);
        Assert.Contains(circuit.Warnings, w => w.Contains("first_dimension", StringComparison.Ordinal));
    }

    [SharedTheory]
    [InlineData("defcal.qasm", new[] { "defcal", "pulse" })]
    [InlineData("t1.qasm", new[] { "defcal", "pulse" })]
    [InlineData("gateteleport.qasm", new[] { "extern", "vote" })]
    [InlineData("vqe.qasm", new[] { "'for'", "gate body" })]
    [InlineData("scqec.qasm", new[] { "extern" })]
    [InlineData("cphase.qasm", new[] { "'CX'" })]
    [InlineData("dd.qasm", new[] { "durationof" })]
    public void Refused_MessageNamesTheConstruct(string file, string[] fragments)
    {
        // defcal: line 1 is defcalgrammar "openpulse". t1: the pulse-level defcalgrammar at line 18 (its extern
        // tabulate is declared before it, at line 13, but first called at line 45). gateteleport: logical_meas
        // calls extern vote. scqec: extern calls. vqe: its gate entangler holds a for loop, which a gate body
        // cannot (and it indexes a single qubit argument); it calls externs too. cphase: a fragment with no
        // include, so no CX (and q is never declared). dd: durationof needs calibrated gate durations (and
        // stdgates.inc has no gate u).
        var e = Assert.Throws<QasmException>(() => Load(file));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.All(fragments, f => Assert.Contains(f, e.Message, StringComparison.OrdinalIgnoreCase));
    }

    [SharedFact]
    public void Msd_UndeclaredSuccess_IsRefused()
    {
        // distill assigns and returns `success`, which it never declares (line 80; rus_level_0 declares its own,
        // but that is another scope). The body also names scratch[3] of a qubit[3] (line 48), a second genuine
        // error that comes first in source order: either is a correct refusal, as long as the message names it.
        var e = Assert.Throws<QasmException>(() => Load("msd.qasm"));
        Assert.True(
            e.Message.Contains("success", StringComparison.Ordinal) || (e.Message.Contains("scratch", StringComparison.Ordinal) && e.Line == 48),
            e.Message);
    }
}
