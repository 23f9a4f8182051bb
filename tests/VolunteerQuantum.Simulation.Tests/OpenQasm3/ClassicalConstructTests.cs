using VolunteerQuantum.Circuits.Qasm;
using static VolunteerQuantum.Simulation.Tests.OpenQasm3.QasmRuns;

namespace VolunteerQuantum.Simulation.Tests.OpenQasm3;

/// <summary>
/// OpenQASM 3 classical constructs, one at a time, each observed through global bit registers (the
/// program's outputs: they appear in the counts, registers in reverse declaration order, each written
/// most-significant bit first) against a value worked out by hand. Where the specification leaves a
/// detail open, the comment says which reading the test takes. Programs start with <see cref="Prelude"/>:
/// the header and one idle qubit (so they do not depend on running zero-qubit circuits); their own
/// text begins on line 4.
/// </summary>
public sealed class ClassicalConstructTests
{
    private const string Prelude = Header + "qubit q;\n";

    private static string Observe(string body, QasmParseOptions? options = null) => OnlyOutcome(Prelude + body, options);

    private static void AssertRefused(string body, string fragment)
    {
        var e = Assert.Throws<QasmException>(() => QasmParser.Parse(Prelude + body));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Const_EvaluatedAtParseTime_SizesRegisters()
    {
        var circuit = QasmParser.Parse(Header + "const int[32] n = 3;\nconst int[32] m = 2 * n - 1;\nqubit[n] q;\nbit[m] c;\n");
        Assert.Equal(3, circuit.QubitCount);
        Assert.Equal(5, circuit.ClbitCount);
    }

    [Fact]
    public void Const_Assignment_IsRefusedNamingIt()
    {
        // types.rst, "Const values": constants "cannot be redefined".
        AssertRefused("const int[32] n = 3;\nn = 4;\n", "'n'");
    }

    [Fact]
    public void Int_Overflow_WrapsTwosComplement()
    {
        // The specification leaves overflow to the implementation; this one wraps as n-bit two's complement:
        // int[8] 100 + 100 = 200 − 256 = −56 = 11001000; int[4] 7 + 1 = −8 = 1000.
        Assert.Equal("1000 11001000", Observe("""
            int[8] a = 100;
            int[8] b = 100;
            bit[8] r;
            r = bit[8](a + b);
            int[4] s = 7;
            s += 1;
            bit[4] t = bit[4](s);
            """));
    }

    [Fact]
    public void Uint_Overflow_WrapsModuloTwoToTheWidth()
    {
        // uint[4]: 15 + 1 = 16 ≡ 0; 3 − 5 = −2 ≡ 14 = 1110. Keys read "rb ra".
        Assert.Equal("1110 0000", Observe("""
            uint[4] a = 15;
            a += 1;
            uint[4] b = 3;
            b -= 5;
            bit[4] ra = bit[4](a);
            bit[4] rb = bit[4](b);
            """));
    }

    [Fact]
    public void Uint_BitIndexing_ReadsAndWritesLittleEndianBits()
    {
        // a = 6 = 0110: a[0] = 0, a[1] = 1, a[2] = 1, a[3] = 0 (bit 0 least significant). r[0] = a[1] = 1,
        // r[1] = a[2] = 1, r[2] = a[0] = 0, r[3] = a[3] = 0: r = 0011. u[2] = 1 on u = 0 gives 4 = 0100.
        Assert.Equal("0100 0011", Observe("""
            uint[4] a = 6;
            bit[4] r;
            r[0] = a[1];
            r[1] = a[2];
            r[2] = a[0];
            r[3] = a[3];
            uint[4] u = 0;
            u[2] = 1;
            bit[4] ru = bit[4](u);
            """));
    }

    [Fact]
    public void BoolCast_NonZeroIsTrue()
    {
        // bool(x) is x != 0 for int and float (types.rst, "Casting from int/uint", C99 for float): 2, −1 and 0.25 are
        // true, 0 is false. r = r[3] r[2] r[1] r[0] = 1 1 0 1.
        Assert.Equal("1101", Observe("""
            bit[4] r = "0000";
            if (bool(2)) r[0] = 1;
            if (bool(0)) r[1] = 1;
            if (bool(-1)) r[2] = 1;
            if (bool(0.25)) r[3] = 1;
            """));
    }

    [Fact]
    public void BitCast_ToIntAndUint_IsTwosComplement()
    {
        // "1110" is 14 as uint[4] and −2 as int[4] (little-endian two's complement, types.rst "Casting from bit");
        // int[8] −1 cast to uint[8] keeps its bits: 255.
        // Keys read "r b" (b is a global bit register).
        Assert.Equal("111 1110", Observe("""
            bit[4] b = "1110";
            int[4] v = int[4](b);
            uint[4] u = uint[4](b);
            int[8] n = -1;
            bit[3] r = "000";
            if (v == -2) r[0] = 1;
            if (u == 14) r[1] = 1;
            if (uint[8](n) == 255) r[2] = 1;
            """));
    }

    [Fact]
    public void Float_ArithmeticAndComparison_AreIeeeDouble()
    {
        // float[64] is IEEE 754 double: 0.1 + 0.2 = 0.30000000000000004 > 0.3, and < 0.31; 7.0 / 2.0 = 3.5 exactly.
        Assert.Equal("111", Observe("""
            float[64] x = 0.1 + 0.2;
            float[64] y = 7.0 / 2.0;
            bit[3] r = "000";
            if (x > 0.3) r[0] = 1;
            if (x < 0.31) r[1] = 1;
            if (y == 3.5) r[2] = 1;
            """));
    }

    [Fact]
    public void FloatToInt_DiscardsFraction()
    {
        // types.rst, "Casting from float": C99, the fractional part discarded: −2.7 → −2 (11111110), 3.9 → 3.
        // Keys read "ru rt".
        Assert.Equal("00000011 11111110", Observe("""
            int[8] t = int[8](-2.7);
            uint[8] u = uint[8](3.9);
            bit[8] rt = bit[8](t);
            bit[8] ru = bit[8](u);
            """));
    }

    [Fact]
    public void Angle_Addition_WrapsModuloTwoPi()
    {
        // angle[4] holds 2π·k/16. 3π/2 is k = 12; + π (k = 8) gives k = 20 ≡ 4, π/2: bits 0100. (Whether pi is
        // first made an angle[4] or the sum is taken in float and cast back, mod 2π, the result is the same.)
        Assert.Equal("0100", Observe("""
            angle[4] a = 3 * pi / 2;
            a = a + pi;
            bit[4] r = bit[4](a);
            """));
    }

    [Fact]
    public void Angle_Arithmetic_MatchesSpecificationTable()
    {
        // classical.rst, "Angles": the results' bits are those of the same uint[4] operations. a = 7π/8 (0111),
        // b = π/8 (0001), c = 5π/4 (1010), two = 2: a + b = 1000; b − a = 1010; a / two = 0011; two * c = 0100;
        // c / b is the uint[4] 10 = 1010; −(π/4) = 2π − π/4 = 1110. Keys read "r6 r5 r4 r3 r2 r1".
        Assert.Equal("1110 1010 0100 0011 1010 1000", Observe("""
            angle[4] a = 7 * (pi / 8);
            angle[4] b = pi / 8;
            angle[4] c = 5 * (pi / 4);
            angle[4] d = pi / 4;
            uint[4] two = 2;
            bit[4] r1 = bit[4](a + b);
            bit[4] r2 = bit[4](b - a);
            bit[4] r3 = bit[4](a / two);
            bit[4] r4 = bit[4](two * c);
            bit[4] r5 = bit[4](c / b);
            bit[4] r6 = bit[4](-d);
            """));
    }

    [Fact]
    public void Angle_Shifts_ActOnBitRepresentation()
    {
        // classical.rst: angle[4] 9π/8 is 1001; << 2 gives 0100 (π/2), >> 2 gives 0010 (π/4). Keys read "rr rl".
        Assert.Equal("0010 0100", Observe("""
            angle[4] a = 9 * (pi / 8);
            bit[4] rl = bit[4](a << 2);
            bit[4] rr = bit[4](a >> 2);
            """));
    }

    [Fact]
    public void FloatToAngle_RoundsToNearestModuloTwoPi()
    {
        // types.rst, "Casting from float": mod 2π, then the nearest angle[4]. 0.2 is 0.509 steps of 2π/16 → 1 (0001);
        // 0.15 is 0.382 steps → 0 (0000); −π/2 ≡ 3π/2 = 12 steps (1100). Keys read "rc rb ra".
        Assert.Equal("1100 0000 0001", Observe("""
            angle[4] a = 0.2;
            angle[4] b = 0.15;
            angle[4] c = -pi / 2;
            bit[4] ra = bit[4](a);
            bit[4] rb = bit[4](b);
            bit[4] rc = bit[4](c);
            """));
    }

    [Fact]
    public void AngleVariable_AsGateParameter()
    {
        // π/2 is exact in angle[32] (2³⁰ steps): rx(a) is rx(π/2).
        var source = Header + "qubit q;\nangle[32] a = pi / 2;\nrx(a) q;\n";
        AssertSameState(FinalState(QasmParser.Parse(Header + "qubit q;\nrx(pi / 2) q;\n")), FinalState(QasmParser.Parse(source)), 1e-9);
    }

    [Fact]
    public void BitSlicingAndConcatenation_KeepIndexOrder()
    {
        // b = "1011": b[0] = 1, b[1] = 1, b[2] = 0, b[3] = 1 (least significant on the right). b[1:2] is (b[1], b[2])
        // = "01"; b ++ x puts b at indices 0..3 and x at 4..5 (types.rst: concatenated[0] is the first register's
        // first element), so it reads x then b: "10" + "1011"; b[-1] is the last bit, 1.
        // Keys read "l cat x s b".
        Assert.Equal("1 101011 10 01 1011", Observe("""
            bit[4] b = "1011";
            bit[2] s = b[1:2];
            bit[2] x = "10";
            bit[6] cat = b ++ x;
            bit l = b[-1];
            """));
    }

    [Fact]
    public void BitShiftsAndRotations_MatchSpecificationExamples()
    {
        // classical.rst: a = "10001111"; a << 1 = "00011110" (bits shifted off the end), rotl(a, 2) = "00111110";
        // a >> 1 = "01000111"; rotr(a, 1) moves bit 0 to the top: "11000111". Keys read "rr rl r l a".
        Assert.Equal("11000111 00111110 01000111 00011110 10001111", Observe("""
            bit[8] a = "10001111";
            bit[8] l = a << 1;
            bit[8] r = a >> 1;
            bit[8] rl = rotl(a, 2);
            bit[8] rr = rotr(a, 1);
            """));
    }

    [Fact]
    public void UintShiftsAndRotations_ActOnBits()
    {
        // classical.rst: uint[6] 37 = 100101, rotl(b, 3) = 44 = 101100. 37 >> 2 = 9 = 001001; 37 << 1 = 74 ≡ 10 = 001010
        // (the top bit is shifted off). Keys read "r3 r2 r1".
        Assert.Equal("001010 001001 101100", Observe("""
            uint[6] b = 37;
            bit[6] r1 = bit[6](rotl(b, 3));
            bit[6] r2 = bit[6](b >> 2);
            bit[6] r3 = bit[6](b << 1);
            """));
    }

    [Fact]
    public void BitwiseOperators_OnRegisters()
    {
        // 10001111 & 01111000 = 00001000; | = 11111111; ^ = 11110111; ~10001111 = 01110000. Keys read "rn rx ro ra b a"
        // (a and b are global bit registers too, so the counts show them).
        Assert.Equal("01110000 11110111 11111111 00001000 01111000 10001111", Observe("""
            bit[8] a = "10001111";
            bit[8] b = "01111000";
            bit[8] ra = a & b;
            bit[8] ro = a | b;
            bit[8] rx = a ^ b;
            bit[8] rn = ~a;
            """));
    }

    [Fact]
    public void ComparisonsAndLogic_YieldBooleans()
    {
        // x = −3, y = 5: x < 0, x >= −3, x == −3 hold; x != −3, y > 5 do not; y <= 5 holds; x < 0 && y > 5 does not;
        // !(x > 0) || y > 5 holds. r[7..0] = 1 0 1 0 0 1 1 1.
        Assert.Equal("10100111", Observe("""
            int[8] x = -3;
            uint[8] y = 5;
            bit[8] r = "00000000";
            if (x < 0) r[0] = 1;
            if (x >= -3) r[1] = 1;
            if (x == -3) r[2] = 1;
            if (x != -3) r[3] = 1;
            if (y > 5) r[4] = 1;
            if (y <= 5) r[5] = 1;
            if (x < 0 && y > 5) r[6] = 1;
            if (!(x > 0) || y > 5) r[7] = 1;
            """));
    }

    [Fact]
    public void IntegerDivisionAndModulo_TruncateTowardZero()
    {
        // classical.rst: b / a with 3 and 2 is 1 (integer division). For negative operands the specification says
        // no more; this follows C99 (as its casts do): −7 / 2 = −3, −7 % 2 = −1 (the sign of the dividend).
        // 7 / 2 = 3, 7 % 2 = 1. Keys read "nr r nq q".
        Assert.Equal("11111111 00000001 11111101 00000011", Observe("""
            int[8] a = 7;
            int[8] b = 2;
            int[8] na = -7;
            bit[8] qt = bit[8](a / b);
            bit[8] nq = bit[8](na / b);
            bit[8] r = bit[8](a % b);
            bit[8] nr = bit[8](na % b);
            """));
    }

    [Fact]
    public void Power_OfIntegers_AndPrecedenceOverUnaryMinus()
    {
        // 2 ** 10 = 1024. ** binds tighter than unary minus (classical.rst precedence table): −2 ** 2 = −(2 ** 2) = −4
        // = 11111100. Keys read "rn rp".
        Assert.Equal("11111100 0000010000000000", Observe("""
            int[16] two = 2;
            int[16] ten = 10;
            bit[16] rp = bit[16](two ** ten);
            int[8] neg = -2 ** 2;
            bit[8] rn = bit[8](neg);
            """));
    }

    [Fact]
    public void OperatorPrecedence_FollowsSpecificationTable()
    {
        // * before +, − (2 + 12 − 4 = 10 = 00001010); + before << (1 << (2 + 1) = 8 = 00001000). Keys read "rs rv".
        Assert.Equal("00001000 00001010", Observe("""
            int[8] v = 2 + 3 * 4 - 8 / 2;
            uint[8] s = 1 << 2 + 1;
            bit[8] rv = bit[8](v);
            bit[8] rs = bit[8](s);
            """));
    }

    [Fact]
    public void CompoundAssignments_ApplyInOrder()
    {
        // a: 5 +3 → 8, *4 → 32, −2 → 30, /4 → 7, %4 → 3, **3 → 27 (0000000000011011).
        // u: 3 <<3 → 24, |1 → 25, ^9 → 16, >>2 → 4, &5 → 4 (00000100). Keys read "ru ra".
        Assert.Equal("00000100 0000000000011011", Observe("""
            int[16] a = 5;
            a += 3;
            a *= 4;
            a -= 2;
            a /= 4;
            a %= 4;
            a **= 3;
            uint[8] u = 3;
            u <<= 3;
            u |= 1;
            u ^= 9;
            u >>= 2;
            u &= 5;
            bit[16] ra = bit[16](a);
            bit[8] ru = bit[8](u);
            """));
    }

    [Fact]
    public void IntegerLiterals_HexBinaryOctalAndSeparators()
    {
        // 0xF0 = 11110000, 0b1010 = 00001010, 0o17 = 15 = 00001111, 1_2 = 12 = 00001100. Keys read "rd ro rb rh".
        Assert.Equal("00001100 00001111 00001010 11110000", Observe("""
            uint[8] h = 0xF0;
            uint[8] b = 0b1010;
            uint[8] o = 0o17;
            uint[8] d = 1_2;
            bit[8] rh = bit[8](h);
            bit[8] rb = bit[8](b);
            bit[8] ro = bit[8](o);
            bit[8] rd = bit[8](d);
            """));
    }

    [Fact]
    public void Popcount_CountsSetBits()
    {
        // classical.rst: popcount(uint[6] 37) = 3 (0011); "10001111" has 5 set bits (0101). Keys read "r2 r1 a".
        Assert.Equal("0101 0011 10001111", Observe("""
            uint[6] b = 37;
            bit[8] a = "10001111";
            bit[4] r1 = bit[4](uint[4](popcount(b)));
            bit[4] r2 = bit[4](uint[4](popcount(a)));
            """));
    }

    [Fact]
    public void Arrays_IndexAssignAndTwoDimensions()
    {
        // a = {1, 2, 3, 4}: a[2] = 3; a[1] = a[0] + a[3] = 5; m = {{1, 2}, {6, 4}}: m[1, 0] = 6. Keys read "rm r1 r2".
        Assert.Equal("00000110 00000101 00000011", Observe("""
            array[int[8], 4] a = {1, 2, 3, 4};
            array[int[8], 2, 2] m = {{1, 2}, {6, 4}};
            a[1] = a[0] + a[3];
            bit[8] r2 = bit[8](a[2]);
            bit[8] r1 = bit[8](a[1]);
            bit[8] rm = bit[8](m[1, 0]);
            """));
    }

    [Fact]
    public void Sizeof_GivesDimensions()
    {
        // sizeof(a) is the first dimension, 4 (0100); sizeof(a, 1) the second, 3 (0011). Keys read "r1 r0".
        Assert.Equal("0011 0100", Observe("""
            array[int[8], 4, 3] a;
            uint[4] d0 = sizeof(a);
            uint[4] d1 = sizeof(a, 1);
            bit[4] r0 = bit[4](d0);
            bit[4] r1 = bit[4](d1);
            """));
    }

    [Theory]
    [InlineData("for int[16] i in {1, 3, 5}", 135)]
    [InlineData("for i in {1, 3, 5}", 135)]
    [InlineData("for int[16] i in [5:-2:1]", 531)]
    [InlineData("for int[16] i in [0:2:6]", 246)]
    [InlineData("for int[16] i in [2:2]", 2)]
    [InlineData("for int[16] i in [3:1]", 0)]
    [InlineData("array[int[16], 3] arr = {4, 5, 6};\nfor int[16] i in arr", 456)]
    public void ForLoop_VisitsValuesInOrder(string loop, int expected)
    {
        // s = s·10 + i writes the values visited as decimal digits, in order. Ranges are inclusive at both ends;
        // [5:-2:1] = 5, 3, 1; [0:2:6] = 0, 2, 4, 6 (0 adds no digit); [2:2] = {2}; [3:1] is empty (types.rst, index
        // sets); sets and arrays go in index order (classical.rst, "For loops").
        var key = Observe($$"""
            int[16] s = 0;
            {{loop}} {
              s = s * 10 + i;
            }
            bit[16] r = bit[16](s);
            """);
        Assert.Equal(Convert.ToString(expected, 2).PadLeft(16, '0'), key);
    }

    [Fact]
    public void ForLoop_OverBitRegister_VisitsBitZeroFirst()
    {
        // b = "1011" visited b[0], b[1], b[2], b[3] = 1, 1, 0, 1; n = n·2 + v builds 1101 = 13 (00001101).
        // b is a constant: a global bit register's value is only known per shot, and a for loop's bits must be known.
        Assert.Equal("00001101", Observe("""
            const bit[4] b = "1011";
            int[8] n = 0;
            for bit v in b {
              n = n * 2;
              if (v) {
                n += 1;
              }
            }
            bit[8] r = bit[8](n);
            """));
    }

    [Fact]
    public void ForLoop_ContinueAndBreak()
    {
        // k = 0, 3, 6 continue; k = 7 breaks; 1 + 2 + 4 + 5 = 12 (00001100).
        Assert.Equal("00001100", Observe("""
            int[8] s = 0;
            for int[8] k in [0:9] {
              if (k % 3 == 0) {
                continue;
              }
              if (k == 7) {
                break;
              }
              s += k;
            }
            bit[8] r = bit[8](s);
            """));
    }

    [Fact]
    public void ForLoop_VariableNotInScopeAfterLoop()
    {
        // classical.rst: "The scope of the loop variable is limited to the body of the loop."
        AssertRefused("for int[8] i in [0:1] {\n}\nint[8] j = i;\n", "'i'");
    }

    [Fact]
    public void BlockScope_InnerDeclarationShadows()
    {
        // scope.rst, "Block scope": ii *= 2 in the block changes the global (200); the inner ii is another variable;
        // after the block ii *= 2 gives 400 (0000000110010000). The for variable ii shadows it too: sum = 1 + 2 + 3 = 6,
        // and ii is 400 again after the loop. Keys read "rs r".
        Assert.Equal("0000000000000110 0000000110010000", Observe("""
            int[16] ii = 100;
            {
              ii *= 2;
              int[16] ii = 1;
              ii *= 2;
            }
            ii *= 2;
            int[16] sum = 0;
            for int[16] ii in [1:3] {
              sum += ii;
            }
            bit[16] r = bit[16](ii);
            bit[16] rs = bit[16](sum);
            """));
    }

    [Theory]
    [InlineData(0, "10")]
    [InlineData(2, "01")]
    [InlineData(7, "11")]
    public void Switch_OnInt_PicksCaseOrDefault(int k, string expected)
    {
        Assert.Equal(expected, Observe($$"""
            int[8] k = {{k}};
            bit[2] r;
            switch (k) {
              case 0 {
                r = "10";
              }
              case 1, 2 {
                r = "01";
              }
              default {
                r = "11";
              }
            }
            """));
    }

    [Fact]
    public void ElseIfChain_TakesFirstTrueBranch()
    {
        // v = 5: not < 3, but < 6: "10".
        Assert.Equal("10", Observe("""
            int[8] v = 5;
            bit[2] r;
            if (v < 3) {
              r = "01";
            } else if (v < 6) {
              r = "10";
            } else {
              r = "11";
            }
            """));
    }

    [Fact]
    public void Def_ClassicalArgumentsAndReturn()
    {
        // f(5, 2) = 5·3 − 2 = 13 (00001101). bump gets y by value: z = 6 (00000110), y stays 5 (00000101).
        // Keys read "ry rz rf".
        Assert.Equal("00000101 00000110 00001101", Observe("""
            def f(int[8] x, int[8] w) -> int[8] {
              return x * 3 - w;
            }
            def bump(int[8] x) -> int[8] {
              x += 1;
              return x;
            }
            int[8] y = 5;
            bit[8] rf = bit[8](f(5, 2));
            bit[8] rz = bit[8](bump(y));
            bit[8] ry = bit[8](y);
            """));
    }

    [Fact]
    public void Def_ReadsGlobalAtCallTime()
    {
        // scope.rst, "Global scope": a subroutine sees the global's value when it is called: ii = 20, 2·ii = 40.
        Assert.Equal("00101000", Observe("""
            int[8] ii = 10;
            def twice() -> int[8] {
              return ii * 2;
            }
            ii = 20;
            bit[8] r = bit[8](twice());
            """));
    }

    [Fact]
    public void Def_WithQubitArgument_AppliesGates()
    {
        // flip(p[1]) applies x to p[1]: c = p[1] p[0] = 10.
        Assert.Equal("10", Observe("""
            def flip(qubit a) {
              x a;
            }
            qubit[2] p;
            flip(p[1]);
            bit[2] c;
            c = measure p;
            """));
    }

    [Fact]
    public void Def_QubitRegisterArgument_ReturnsMeasurement()
    {
        // bell prepares (|00> + |11>)/√2 on its argument and returns its measurement: 00 or 11, 1/2 each.
        var circuit = QasmParser.Parse(Prelude + """
            def bell(qubit[2] pair) -> bit[2] {
              h pair[0];
              cx pair[0], pair[1];
              return measure pair;
            }
            qubit[2] p;
            bit[2] c;
            c = bell(p);
            """);
        AssertDistribution(new Dictionary<string, double> { ["00"] = 0.5, ["11"] = 0.5 }, Counts(circuit, Shots, 21));
    }

    [Theory]
    [InlineData("x q;\nbit b = measure q;\n", "1")]
    [InlineData("x q;\nbit b;\nb = measure q;\n", "1")]
    [InlineData("x q;\nbit b;\nmeasure q -> b;\n", "1")]
    [InlineData("qubit[2] p;\nx p[1];\nbit[2] c = measure p;\n", "10")]
    public void Measure_AssignmentForms(string body, string expected)
    {
        Assert.Equal(expected, Observe(body));
    }

    [Fact]
    public void Measure_ResultDrivesLaterGate()
    {
        // m = 1, so x q[1] runs: r = 1. Keys read "r m".
        Assert.Equal("1 1", Observe("""
            qubit[2] p;
            x p[0];
            bit m = measure p[0];
            bit r;
            if (m) {
              x p[1];
            }
            r = measure p[1];
            """));
    }

    [Fact]
    public void RuntimeClassicalValue_FromMeasurement_DrivesArithmetic()
    {
        // m is 0 or 1 with probability 1/2; k = 3·m, then 2k + 1: 1 (m = 0) or 7 (m = 1). Keys read "r m".
        var circuit = QasmParser.Parse(Prelude + """
            h q;
            bit m = measure q;
            int[8] k = 0;
            if (m) {
              k = 3;
            }
            k = k * 2 + 1;
            bit[8] r = bit[8](k);
            """);
        AssertDistribution(new Dictionary<string, double> { ["00000001 0"] = 0.5, ["00000111 1"] = 0.5 }, Counts(circuit, Shots, 23));
    }

    [Fact]
    public void InputInt_BoundThroughParameters()
    {
        // k = 5 from QasmParseOptions.Parameters: 2k = 10 (00001010).
        var options = new QasmParseOptions { Parameters = new Dictionary<string, double> { ["k"] = 5.0 } };
        Assert.Equal("00001010", Observe("input int[8] k;\nbit[8] r = bit[8](k * 2);\n", options));
    }

    [Fact]
    public void Let_AliasesQubitSlicesAndSets()
    {
        // pair = p[1:2], so pair[1] is p[2]; ends = p[{0, 3}], so ends[0] is p[0]: c = p3 p2 p1 p0 = 0101.
        Assert.Equal("0101", Observe("""
            qubit[4] p;
            let pair = p[1:2];
            let ends = p[{0, 3}];
            x pair[1];
            x ends[0];
            bit[4] c = measure p;
            """));
    }

    [Fact]
    public void DelayAndDuration_AreIdentitiesWithoutNoise()
    {
        var timed = Header + """
            qubit[2] p;
            h p[0];
            delay[100ns] p[0];
            duration d = 1us;
            delay[d] p[1];
            stretch s;
            delay[s] p;
            cx p[0], p[1];
            delay[2 * d] p[0], p[1];
            """;
        var plain = Header + "qubit[2] p;\nh p[0];\ncx p[0], p[1];\n";
        AssertSameState(FinalState(QasmParser.Parse(plain)), FinalState(QasmParser.Parse(timed)));
    }

    [Fact]
    public void DurationArithmetic_DividesToFloat()
    {
        // types.rst, "Converting duration to other types": duration / duration is a float. (2·1 µs + 500 ns) / 1 ns = 2500.
        Assert.Equal("1", Observe("""
            duration d = 1us;
            duration e = 2 * d + 500ns;
            float[64] ratio = e / 1ns;
            bit r = 0;
            if (ratio > 2499.5 && ratio < 2500.5) r = 1;
            """));
    }

    [Fact]
    public void Box_RunsItsBody()
    {
        AssertSameState(FinalState(QasmParser.Parse(Header + "qubit q;\nh q;\n")), FinalState(QasmParser.Parse(Header + "qubit q;\nbox {\n  h q;\n}\n")));
    }

    [Fact]
    public void WhileLoop_BeyondDefaultLimit_FailsNamingTheLoop()
    {
        // The default MaxLoopIterations is 100,000; `while (true)` on line 4 never ends.
        var e = Assert.ThrowsAny<Exception>(() => Counts(QasmParser.Parse(Prelude + "while (true) {\n}\n"), 4));
        Assert.Contains("while", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"(:4:|line 4\b)", e.Message);
    }

    [Fact]
    public void WhileLoop_AtTheLimit_Runs()
    {
        // 50 iterations with MaxLoopIterations = 50 is allowed: i = 50 (00110010).
        var source = "int[8] i = 0;\nwhile (i < 50) {\n  i += 1;\n}\nbit[8] r = bit[8](i);\n";
        Assert.Equal("00110010", Observe(source, WithMaxLoopIterations(50)));
    }

    [Fact]
    public void WhileLoop_OneIterationPastTheLimit_FailsNamingTheLoop()
    {
        // 51 iterations with MaxLoopIterations = 50 fail; the loop is on line 5.
        var source = Prelude + "int[8] i = 0;\nwhile (i < 51) {\n  i += 1;\n}\nbit[8] r = bit[8](i);\n";
        var e = Assert.ThrowsAny<Exception>(() => Counts(QasmParser.Parse(source, WithMaxLoopIterations(50)), 4));
        Assert.Contains("while", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"(:5:|line 5\b)", e.Message);
    }

    private static QasmParseOptions WithMaxLoopIterations(int limit) => new() { MaxLoopIterations = limit };

    [Theory]
    [InlineData("defcalgrammar \"openpulse\";\n", "defcalgrammar")]
    [InlineData("defcal x $0 {\n}\n", "defcal")]
    [InlineData("cal {\n}\n", "cal")]
    [InlineData("extern f(int[32]) -> int[32];\nint[32] y = f(1);\n", "extern")]
    [InlineData("opaque g a;\n", "opaque")]
    public void Refused_MessageNamesTheConstruct(string body, string keyword)
    {
        // Pulse-level calibrations, calls to functions defined outside the program, and OpenQASM 2's opaque
        // (not part of OpenQASM 3) cannot be simulated: refused with a message naming the keyword.
        AssertRefused(body, keyword);
    }
}
