using VolunteerQuantum.Circuits.Gates;

namespace VolunteerQuantum.Simulation.Tests.Support;

/// <summary>Seeded random states and matrices, and the hand-written gate matrices the tests use.</summary>
internal static class TestData
{
    public static Complex[] RandomState(int qubits, Random rng)
    {
        var v = new Complex[1 << qubits];
        var norm = 0.0;
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = new Complex(Gaussian(rng), Gaussian(rng));
            norm += v[i].Magnitude * v[i].Magnitude;
        }
        var scale = 1 / Math.Sqrt(norm);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] *= scale;
        }
        return v;
    }

    /// <summary>A random unitary: Gram–Schmidt on the columns of a complex Gaussian matrix.</summary>
    public static Complex[] RandomUnitary(int qubits, Random rng)
    {
        var dim = 1 << qubits;
        var columns = new Complex[dim][];
        for (var c = 0; c < dim; c++)
        {
            var col = new Complex[dim];
            for (var r = 0; r < dim; r++)
            {
                col[r] = new Complex(Gaussian(rng), Gaussian(rng));
            }
            for (var p = 0; p < c; p++)
            {
                var dot = Complex.Zero;
                for (var r = 0; r < dim; r++)
                {
                    dot += Complex.Conjugate(columns[p][r]) * col[r];
                }
                for (var r = 0; r < dim; r++)
                {
                    col[r] -= dot * columns[p][r];
                }
            }
            var norm = Math.Sqrt(col.Sum(x => x.Magnitude * x.Magnitude));
            for (var r = 0; r < dim; r++)
            {
                col[r] /= norm;
            }
            columns[c] = col;
        }
        var m = new Complex[dim * dim];
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                m[(r * dim) + c] = columns[c][r];
            }
        }
        return m;
    }

    /// <summary>
    /// A dense random unitary that is cheap to build for many qubits: random phases times a Kronecker product
    /// of random 1-qubit unitaries (Gram–Schmidt of a 1024×1024 matrix would take seconds).
    /// </summary>
    public static Complex[] RandomProductUnitary(int qubits, Random rng)
    {
        var m = new Complex[] { Complex.One };
        for (var q = 0; q < qubits; q++)
        {
            var u = RandomUnitary(1, rng);
            var dim = 1 << q;
            var next = new Complex[4 * dim * dim];
            for (var r = 0; r < 2 * dim; r++)
            {
                for (var c = 0; c < 2 * dim; c++)
                {
                    // New qubit q is the most significant bit of the index.
                    next[(r * 2 * dim) + c] = u[((r >> q) * 2) + (c >> q)] * m[((r & (dim - 1)) * dim) + (c & (dim - 1))];
                }
            }
            m = next;
        }
        var phases = RandomPhases(1 << qubits, rng);
        var n = 1 << qubits;
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                m[(r * n) + c] *= phases[r];
            }
        }
        return m;
    }

    public static Complex[] RandomPhases(int count, Random rng)
    {
        var d = new Complex[count];
        for (var i = 0; i < count; i++)
        {
            d[i] = Complex.FromPolarCoordinates(1, rng.NextDouble() * 2 * Math.PI);
        }
        return d;
    }

    /// <summary>k distinct qubits below n in random order.</summary>
    public static int[] DistinctQubits(int n, int k, Random rng) => Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(k).ToArray();

    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static GateMatrix H { get; } = GateMatrix.OneQubit(1 / Math.Sqrt(2), 1 / Math.Sqrt(2), 1 / Math.Sqrt(2), -1 / Math.Sqrt(2));

    public static GateMatrix X { get; } = GateMatrix.OneQubit(0, 1, 1, 0);

    public static GateMatrix Z { get; } = GateMatrix.OneQubit(1, 0, 0, -1);

    public static GateMatrix S { get; } = GateMatrix.OneQubit(1, 0, 0, Complex.ImaginaryOne);

    public static GateMatrix Rx(double t) => GateMatrix.OneQubit(Math.Cos(t / 2), new Complex(0, -Math.Sin(t / 2)), new Complex(0, -Math.Sin(t / 2)), Math.Cos(t / 2));

    public static GateMatrix Ry(double t) => GateMatrix.OneQubit(Math.Cos(t / 2), -Math.Sin(t / 2), Math.Sin(t / 2), Math.Cos(t / 2));

    public static GateMatrix Rz(double t) => GateMatrix.OneQubit(Complex.FromPolarCoordinates(1, -t / 2), 0, 0, Complex.FromPolarCoordinates(1, t / 2));

    public static GateMatrix Phase(double t) => GateMatrix.OneQubit(1, 0, 0, Complex.FromPolarCoordinates(1, t));

    public static GateMatrix Cz { get; } = GateMatrix.Diagonal([1, 1, 1, -1]);

    public static GateMatrix Cp(double t) => GateMatrix.Diagonal([1, 1, 1, Complex.FromPolarCoordinates(1, t)]);

    public static GateMatrix Swap { get; } = new(2, [1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1]);

    public static GateMatrix Unitary(int qubits, Random rng) => new(qubits, RandomUnitary(qubits, rng));
}
