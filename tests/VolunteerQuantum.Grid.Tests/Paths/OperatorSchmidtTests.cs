using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Grid.Paths;

namespace VolunteerQuantum.Grid.Tests.Paths;

public sealed class OperatorSchmidtTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<int, int> Bipartitions()
    {
        var data = new TheoryData<int, int>();
        for (var k = 2; k <= 4; k++)
        {
            // Every proper, non-empty subset of the k qubits as side A.
            for (var mask = 1; mask < (1 << k) - 1; mask++)
            {
                data.Add(k, mask);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Bipartitions))]
    public void Decompose_RandomUnitary_ReconstructsForEveryBipartition(int qubits, int maskA)
    {
        var gate = new GateOperation("u", PathsTestCircuits.RandomUnitary(qubits, new Random((qubits * 31) + maskA)), Enumerable.Range(0, qubits).ToArray());

        var terms = OperatorSchmidt.Decompose(gate, q => ((maskA >> q) & 1) != 0);

        // A random unitary has full operator Schmidt rank: 4^(qubits on the smaller side).
        var sideA = int.PopCount(maskA);
        Assert.Equal(1 << (2 * Math.Min(sideA, qubits - sideA)), terms.Count);
        AssertReconstructs(gate, terms, qubits, maskA);
    }

    [Theory]
    [InlineData("cz")]
    [InlineData("cx")]
    [InlineData("cp")]
    [InlineData("rzz")]
    [InlineData("cu3")]
    public void Decompose_ControlledOrDiagonalTwoQubitGate_TwoTerms(string kind)
    {
        var gate = kind switch
        {
            "cz" => new GateOperation("cz", StandardGates.Z, [1], [0]),
            "cx" => new GateOperation("cx", StandardGates.X, [1], [0]),
            "cp" => new GateOperation("cp", StandardGates.Phase(0.7), [1], [0]),
            "rzz" => new GateOperation("rzz", StandardGates.ZZPhase(1.3), [0, 1]),
            _ => new GateOperation("cu3", StandardGates.U(0.4, 1.2, -0.3), [0], [1]),
        };

        var terms = OperatorSchmidt.Decompose(gate, q => q == 0);

        Assert.Equal(2, terms.Count);
        AssertReconstructs(gate, terms, 2, 0b01);
    }

    [Theory]
    [InlineData("cz", 2)]
    [InlineData("cx", 2)]
    [InlineData("cp", 2)]
    [InlineData("swap", 4)]
    [InlineData("rxx", 2)]
    [InlineData("product", 1)]
    public void SvdSplit_TwoQubitMatrices_RankIsTheTermCount(string kind, int expected)
    {
        // Plain 4×4 matrices without controls, so only the numerical decomposition applies.
        var matrix = kind switch
        {
            "cz" => StandardGates.ControlledFull(StandardGates.Z, 1, 1),
            "cx" => StandardGates.ControlledFull(StandardGates.X, 1, 1),
            "cp" => StandardGates.ControlledFull(StandardGates.Phase(2.1), 1, 1),
            "swap" => StandardGates.Swap,
            "rxx" => StandardGates.RXX(0.4),
            _ => Kron(StandardGates.H, StandardGates.RY(0.8)),
        };
        var gate = new GateOperation(kind, matrix, [0, 1]);

        var terms = SvdSplit.TryDecompose(gate, q => q == 0, 1e-12);

        Assert.NotNull(terms);
        Assert.Equal(expected, terms.Count);
        AssertReconstructs(gate, terms, 2, 0b01);
    }

    [Fact]
    public void Decompose_Swap_FourTerms()
    {
        var gate = new GateOperation("swap", StandardGates.Swap, [0, 1]);

        var terms = OperatorSchmidt.Decompose(gate, q => q == 1);

        Assert.Equal(4, terms.Count);
        AssertReconstructs(gate, terms, 2, 0b10);
    }

    [Fact]
    public void Decompose_Rxx_TwoTerms()
    {
        var gate = new GateOperation("rxx", StandardGates.RXX(0.9), [0, 1]);

        var terms = OperatorSchmidt.Decompose(gate, q => q == 0);

        Assert.Equal(2, terms.Count);
        AssertReconstructs(gate, terms, 2, 0b01);
    }

    [Fact]
    public void Decompose_ProductOfOneSidedGates_OneTerm()
    {
        var u1 = PathsTestCircuits.RandomUnitary(1, new Random(1));
        var u2 = PathsTestCircuits.RandomUnitary(2, new Random(2));
        // Kronecker product with qubit 0 (u1) least significant: index = i1 + 2·i2.
        var product = new System.Numerics.Complex[64];
        for (var r = 0; r < 8; r++)
        {
            for (var c = 0; c < 8; c++)
            {
                product[(r * 8) + c] = u1[r & 1, c & 1] * u2[r >> 1, c >> 1];
            }
        }
        var gate = new GateOperation("u1u2", new GateMatrix(3, product), [0, 1, 2]);

        var terms = OperatorSchmidt.Decompose(gate, q => q == 0);

        Assert.Single(terms);
        AssertReconstructs(gate, terms, 3, 0b001);
    }

    [Theory]
    [InlineData(0b0111)]   // three controls on A, target on B
    [InlineData(0b0011)]   // two controls on A; a control and the target on B
    [InlineData(0b1000)]   // the target on A, every control on B
    public void Decompose_ManyControlledGate_TwoTerms(int maskA)
    {
        var gate = new GateOperation("c3x", StandardGates.X, [3], [0, 1, 2], [true, false, true]);

        var terms = OperatorSchmidt.Decompose(gate, q => ((maskA >> q) & 1) != 0);

        Assert.Equal(2, terms.Count);
        AssertReconstructs(gate, terms, 4, maskA);
    }

    [Theory]
    [InlineData(0b001)]
    [InlineData(0b011)]
    [InlineData(0b100)]
    public void Decompose_DoublyControlledPhase_TwoTerms(int maskA)
    {
        var gate = new GateOperation("ccp", StandardGates.Phase(0.3), [2], [0, 1]);

        var terms = OperatorSchmidt.Decompose(gate, q => ((maskA >> q) & 1) != 0);

        Assert.Equal(2, terms.Count);
        AssertReconstructs(gate, terms, 3, maskA);
    }

    [Fact]
    public void Decompose_ControlledSwapAcrossTheCut_Reconstructs()
    {
        var gate = new GateOperation("cswap", StandardGates.Swap, [1, 2], [0]);

        var terms = OperatorSchmidt.Decompose(gate, q => q != 2);

        Assert.InRange(terms.Count, 2, 4);
        AssertReconstructs(gate, terms, 3, 0b011);
    }

    [Fact]
    public void Decompose_OneSidedGate_TheGateAndAnIdentity()
    {
        var gate = new GateOperation("cx", StandardGates.X, [1], [0]);

        var terms = OperatorSchmidt.Decompose(gate, _ => false);

        var (a, b) = Assert.Single(terms);
        Assert.Same(gate, b);
        Assert.Empty(a.Qubits);
        AssertReconstructs(gate, terms, 2, 0);
    }

    [Fact]
    public void Decompose_WideGeneralGateAcrossTheCut_NotSupported()
    {
        var gate = new GateOperation("u7", PathsTestCircuits.RandomUnitary(7, new Random(7)), Enumerable.Range(0, 7).ToArray());

        Assert.Throws<NotSupportedException>(() => OperatorSchmidt.Decompose(gate, q => q < 3));
        Assert.Null(OperatorSchmidt.TryDecompose(gate, q => q < 3));
    }

    [Fact]
    public void Decompose_ExactSplits_TermsActOnlyOnTheirSide()
    {
        var gate = new GateOperation("ccx", StandardGates.X, [2], [0, 3]);

        foreach (var (a, b) in OperatorSchmidt.Decompose(gate, q => q < 2))
        {
            Assert.All(a.Qubits, q => Assert.True(q < 2));
            Assert.All(b.Qubits, q => Assert.True(q >= 2));
        }
    }

    /// <summary>low ⊗ high with <paramref name="low"/> on the least significant index bit.</summary>
    private static GateMatrix Kron(GateMatrix low, GateMatrix high)
    {
        var e = new System.Numerics.Complex[16];
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                e[(r * 4) + c] = low[r & 1, c & 1] * high[r >> 1, c >> 1];
            }
        }
        return new GateMatrix(2, e);
    }

    private static void AssertReconstructs(GateOperation gate, IReadOnlyList<(GateOperation A, GateOperation B)> terms, int qubits, int maskA)
    {
        foreach (var (a, b) in terms)
        {
            Assert.All(a.Qubits, q => Assert.True(((maskA >> q) & 1) != 0, $"term A acts on q{q} of B"));
            Assert.All(b.Qubits, q => Assert.True(((maskA >> q) & 1) == 0, $"term B acts on q{q} of A"));
        }
        var expected = OperatorMatrices.Of([gate], qubits);
        var actual = OperatorMatrices.SumOfTerms(terms, qubits);
        Assert.True(OperatorMatrices.MaxDifference(expected, actual) <= Tolerance, $"error {OperatorMatrices.MaxDifference(expected, actual):E2}");
    }
}
