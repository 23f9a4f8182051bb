using System.Numerics;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Grid.Paths;

namespace VolunteerQuantum.Grid.Tests.Paths;

/// <summary>Seeded random gates and circuits for the paths tests.</summary>
internal static class PathsTestCircuits
{
    /// <summary>A Haar-ish random unitary: Gram–Schmidt on a complex Gaussian matrix.</summary>
    public static GateMatrix RandomUnitary(int qubits, Random random)
    {
        var dim = 1 << qubits;
        var columns = new Complex[dim][];
        for (var c = 0; c < dim; c++)
        {
            var v = Enumerable.Range(0, dim).Select(_ => new Complex(Gaussian(random), Gaussian(random))).ToArray();
            for (var p = 0; p < c; p++)
            {
                var dot = Complex.Zero;
                for (var i = 0; i < dim; i++)
                {
                    dot += Complex.Conjugate(columns[p][i]) * v[i];
                }
                for (var i = 0; i < dim; i++)
                {
                    v[i] -= dot * columns[p][i];
                }
            }
            var norm = Math.Sqrt(v.Sum(z => z.Magnitude * z.Magnitude));
            columns[c] = v.Select(z => z / norm).ToArray();
        }
        var e = new Complex[dim * dim];
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                e[(r * dim) + c] = columns[c][r];
            }
        }
        return new GateMatrix(qubits, e);
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>One of rx, ry, rz, h with a random angle.</summary>
    public static void RandomRotation(CircuitBuilder b, int q, Random random)
    {
        var angle = random.NextDouble() * 2 * Math.PI;
        switch (random.Next(4))
        {
            case 0:
                b.Gate("rx", StandardGates.RX(angle), q);
                break;
            case 1:
                b.Gate("ry", StandardGates.RY(angle), q);
                break;
            case 2:
                b.Gate("rz", StandardGates.RZ(angle), q);
                break;
            default:
                b.Gate("h", StandardGates.H, q);
                break;
        }
    }

    /// <summary>Rotations on qubits [from, to), then CZ or CX on neighbours of one parity.</summary>
    public static void RandomLayer(CircuitBuilder b, int from, int to, int parity, Random random)
    {
        for (var q = from; q < to; q++)
        {
            RandomRotation(b, q, random);
        }
        for (var q = from + parity; q + 1 < to; q += 2)
        {
            if (random.Next(2) == 0)
            {
                b.Controlled("cz", StandardGates.Z, [q], q + 1);
            }
            else
            {
                b.Controlled("cx", StandardGates.X, [q], q + 1);
            }
        }
    }

    /// <summary>One crossing gate of the given kind between a qubit of [0, h) and one of [h, n).</summary>
    public static void CrossingGate(CircuitBuilder b, string kind, int n, int h, Random random)
    {
        var a = random.Next(h);
        var c = h + random.Next(n - h);
        var angle = random.NextDouble() * 2 * Math.PI;
        switch (kind)
        {
            case "cz":
                b.Controlled("cz", StandardGates.Z, [a], c);
                break;
            case "cx":
                b.Controlled("cx", StandardGates.X, [c], a);
                break;
            case "cp":
                b.Controlled("cp", StandardGates.Phase(angle), [a], c);
                break;
            case "rzz":
                b.Gate("rzz", StandardGates.ZZPhase(angle), a, c);
                break;
            case "rxx":
                b.Gate("rxx", StandardGates.RXX(angle), c, a);
                break;
            case "cu3":
                b.Controlled("cu3", StandardGates.U(angle, 0.3, -1.1), [a], c);
                break;
            case "swap":
                b.Gate("swap", StandardGates.Swap, a, c);
                break;
            case "ccx":
                // Controls on both sides, or both on the far side, depending on the draw.
                var other = random.Next(2) == 0 ? (a + 1) % h : h + ((c - h + 1) % (n - h));
                b.Controlled("ccx", StandardGates.X, [a, other], c);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown crossing gate");
        }
    }

    /// <summary>
    /// Random layers on two blocks [0, h) and [h, n) with the given crossing gates spread between them,
    /// so that the natural cut is between the blocks.
    /// </summary>
    public static Circuit TwoBlocksWithCrossings(int n, string[] crossings, int layers, int seed)
    {
        var random = new Random(seed);
        var h = n / 2;
        var b = new CircuitBuilder(n);
        var next = 0;
        for (var layer = 0; layer < layers; layer++)
        {
            RandomLayer(b, 0, h, layer % 2, random);
            RandomLayer(b, h, n, layer % 2, random);
            // Spread the crossing gates over the layers.
            var upTo = crossings.Length * (layer + 1) / layers;
            for (; next < upTo; next++)
            {
                CrossingGate(b, crossings[next], n, h, random);
            }
        }
        return b.Build();
    }

    /// <summary>The cut between the blocks of <see cref="TwoBlocksWithCrossings"/>, whatever the planner would prefer.</summary>
    public static CutPlan NaturalCut(int n) => new()
    {
        QubitsA = Enumerable.Range(0, n / 2).ToArray(),
        QubitsB = Enumerable.Range(n / 2, n - (n / 2)).ToArray(),
        CutGates = 0,
        TermsPerCut = [],
        PathCount = 0,
        Log2PathCount = 0,
        Description = "between the blocks",
    };

    /// <summary>h q0, then cx q[i] → q[i+1] along the whole register.</summary>
    public static Circuit Ghz(int n)
    {
        var b = new CircuitBuilder(n);
        b.Gate("h", StandardGates.H, 0);
        for (var q = 0; q + 1 < n; q++)
        {
            b.Controlled("cx", StandardGates.X, [q], q + 1);
        }
        return b.Build();
    }
}
