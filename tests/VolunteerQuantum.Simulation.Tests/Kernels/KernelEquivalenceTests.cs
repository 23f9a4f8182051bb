using VolunteerQuantum.Simulation.Fusion;
using VolunteerQuantum.Simulation.Kernels;
using VolunteerQuantum.Simulation.Tests.Support;

namespace VolunteerQuantum.Simulation.Tests.Kernels;

/// <summary>
/// Every kernel family on every width this machine accelerates (scalar included) against the reference
/// kernel, for every qubit count 1..12 and every target position (pairs and triples sampled), in both
/// precisions. Tolerances: double 1e-13, float 2e-6 (max |Δ| on a unit-norm state).
/// </summary>
public sealed class KernelEquivalenceTests
{
    public static TheoryData<int, Precision> Paths() => KernelEquivalenceTestsData.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void DenseOneQubit_EveryTargetEveryQubitCount_MatchesReference(int widthCode, Precision precision)
    {
        var width = (KernelWidth)widthCode;
        var rng = new Random(1);
        for (var n = 1; n <= 12; n++)
        {
            var input = TestData.RandomState(n, rng);
            for (var t = 0; t < n; t++)
            {
                var gate = new FusedGate(FusedGateKind.Dense, [t], TestData.RandomUnitary(1, rng));
                Check(width, precision, input, gate);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void DenseTwoQubit_EveryTargetPair_MatchesReference(int widthCode, Precision precision)
    {
        var width = (KernelWidth)widthCode;
        var rng = new Random(2);
        for (var n = 2; n <= 12; n++)
        {
            var input = TestData.RandomState(n, rng);
            for (var a = 0; a < n; a++)
            {
                for (var b = 0; b < n; b++)
                {
                    if (a != b && (n <= 8 || rng.Next(3) == 0))
                    {
                        var gate = new FusedGate(FusedGateKind.Dense, [a, b], TestData.RandomUnitary(2, rng));
                        Check(width, precision, input, gate);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void DenseMultiQubit_TriplesToSixTargets_MatchesReference(int widthCode, Precision precision)
    {
        var width = (KernelWidth)widthCode;
        var rng = new Random(3);
        for (var n = 3; n <= 12; n++)
        {
            var input = TestData.RandomState(n, rng);
            for (var k = 3; k <= Math.Min(n, 6); k++)
            {
                var trials = k == 3 ? 3 * n : 4;
                for (var trial = 0; trial < trials; trial++)
                {
                    var targets = TestData.DistinctQubits(n, k, rng);
                    var gate = new FusedGate(FusedGateKind.Dense, targets, TestData.RandomUnitary(k, rng));
                    Check(width, precision, input, gate);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Diagonal_AnyQubitSets_MatchesReference(int widthCode, Precision precision)
    {
        var width = (KernelWidth)widthCode;
        var rng = new Random(4);
        for (var n = 1; n <= 12; n++)
        {
            var input = TestData.RandomState(n, rng);
            for (var t = 0; t < n; t++)
            {
                Check(width, precision, input, new FusedGate(FusedGateKind.Diagonal, [t], TestData.RandomPhases(2, rng)));
            }
            for (var k = 0; k <= Math.Min(n, 8); k++)
            {
                var targets = TestData.DistinctQubits(n, k, rng);
                Check(width, precision, input, new FusedGate(FusedGateKind.Diagonal, targets, TestData.RandomPhases(1 << k, rng)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Controlled_EveryControlPositionAndValue_MatchesReference(int widthCode, Precision precision)
    {
        var width = (KernelWidth)widthCode;
        var rng = new Random(5);
        for (var n = 2; n <= 12; n++)
        {
            var input = TestData.RandomState(n, rng);
            for (var c = 0; c < n; c++)
            {
                for (var t = 0; t < n; t++)
                {
                    if (c != t && (n <= 8 || rng.Next(3) == 0))
                    {
                        var gate = new FusedGate(FusedGateKind.Controlled, [t], TestData.RandomUnitary(1, rng), [c], [rng.Next(2) == 0]);
                        Check(width, precision, input, gate);
                    }
                }
            }
            for (var trial = 0; trial < 6 && n >= 3; trial++)
            {
                var k = 1 + rng.Next(Math.Min(3, n - 1));
                var c = 1 + rng.Next(Math.Min(4, n - k));
                var qubits = TestData.DistinctQubits(n, k + c, rng);
                var values = Enumerable.Range(0, c).Select(_ => rng.Next(2) == 0).ToArray();
                var gate = new FusedGate(FusedGateKind.Controlled, qubits[..k], TestData.RandomUnitary(k, rng), qubits[k..], values);
                Check(width, precision, input, gate);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void DenseMultiQubit_UnfusedTenQubitGate_MatchesReference(int widthCode, Precision precision)
    {
        var width = (KernelWidth)widthCode;
        var rng = new Random(8);
        var input = TestData.RandomState(11, rng);
        Check(width, precision, input, new FusedGate(FusedGateKind.Dense, TestData.DistinctQubits(11, 7, rng), TestData.RandomProductUnitary(7, rng)));
        Check(width, precision, input, new FusedGate(FusedGateKind.Dense, TestData.DistinctQubits(11, 10, rng), TestData.RandomProductUnitary(10, rng)));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void GlobalPhase_ZeroTargets_ScalesEveryAmplitude(int widthCode, Precision precision)
    {
        var width = (KernelWidth)widthCode;
        var rng = new Random(6);
        var input = TestData.RandomState(5, rng);
        Check(width, precision, input, new FusedGate(FusedGateKind.Diagonal, [], [Complex.FromPolarCoordinates(1, 0.3)]));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void ThreadCounts_OneTwoFour_GiveIdenticalBits(int widthCode, Precision precision)
    {
        var width = (KernelWidth)widthCode;
        var rng = new Random(7);
        var input = TestData.RandomState(17, rng);
        var gates = new[]
        {
            new FusedGate(FusedGateKind.Dense, [0, 9, 16], TestData.RandomUnitary(3, rng)),
            new FusedGate(FusedGateKind.Dense, [15], TestData.RandomUnitary(1, rng)),
            new FusedGate(FusedGateKind.Diagonal, [2, 16], TestData.RandomPhases(4, rng)),
            new FusedGate(FusedGateKind.Controlled, [3], TestData.RandomUnitary(1, rng), [16], [true]),
        };
        foreach (var gate in gates)
        {
            var one = KernelHarness.Run(width, precision, input, gate, 1);
            Assert.Equal(one, KernelHarness.Run(width, precision, input, gate, 2));
            Assert.Equal(one, KernelHarness.Run(width, precision, input, gate, 4));
        }
    }

    private static void Check(KernelWidth width, Precision precision, Complex[] input, FusedGate gate)
    {
        var expected = KernelHarness.Reference(input, gate);
        var actual = KernelHarness.Run(width, precision, input, gate);
        var diff = KernelHarness.MaxDifference(expected, actual);
        Assert.True(diff <= KernelHarness.Tolerance(precision), $"{width} {precision} n={System.Numerics.BitOperations.Log2((uint)input.Length)} {gate}: max |Δ| = {diff:E2}");
        if (width != KernelWidth.Scalar)
        {
            var scalar = KernelHarness.Run(KernelWidth.Scalar, precision, input, gate);
            var d2 = KernelHarness.MaxDifference(scalar, actual);
            Assert.True(d2 <= KernelHarness.Tolerance(precision), $"{width} vs scalar {precision} {gate}: max |Δ| = {d2:E2}");
        }
    }
}
