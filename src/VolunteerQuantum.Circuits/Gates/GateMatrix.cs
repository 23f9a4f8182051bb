using System.Numerics;

namespace VolunteerQuantum.Circuits.Gates;

/// <summary>
/// An immutable 2^k × 2^k complex matrix acting on k qubits, stored row-major.
/// Basis index convention: for a gate on targets t[0..k-1], matrix index m = Σ_j bit(t[j]) · 2^j,
/// so t[0] is the least significant bit (Qiskit's little-endian order).
/// </summary>
public sealed class GateMatrix : IEquatable<GateMatrix>
{
    private readonly Complex[] _elements;

    public GateMatrix(int qubitCount, ReadOnlySpan<Complex> rowMajor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(qubitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(qubitCount, MaxQubits);
        var dim = 1 << qubitCount;
        if (rowMajor.Length != dim * dim)
        {
            throw new ArgumentException($"a {qubitCount}-qubit matrix needs {dim * dim} elements, got {rowMajor.Length}", nameof(rowMajor));
        }
        QubitCount = qubitCount;
        _elements = rowMajor.ToArray();
        IsDiagonal = ComputeIsDiagonal(_elements, dim);
    }

    /// <summary>Largest gate the model accepts (a 1024×1024 matrix). Larger user gates are expanded, never materialised.</summary>
    public const int MaxQubits = 10;

    public int QubitCount { get; }

    public int Dimension => 1 << QubitCount;

    /// <summary>True when every off-diagonal element is exactly zero: such gates never move amplitudes.</summary>
    public bool IsDiagonal { get; }

    /// <summary>True when every element is exactly zero (no tolerance): an operator that can never act, such as a Kraus product of orthogonal projectors.</summary>
    public bool IsZero => !_elements.Any(e => e != Complex.Zero);

    public Complex this[int row, int column] => _elements[(row * Dimension) + column];

    public ReadOnlySpan<Complex> Elements => _elements;

    public static GateMatrix Identity(int qubitCount)
    {
        var dim = 1 << qubitCount;
        var e = new Complex[dim * dim];
        for (var i = 0; i < dim; i++)
        {
            e[(i * dim) + i] = Complex.One;
        }
        return new GateMatrix(qubitCount, e);
    }

    public static GateMatrix Diagonal(ReadOnlySpan<Complex> diagonal)
    {
        var k = BitOperations.Log2((uint)diagonal.Length);
        if (1 << k != diagonal.Length)
        {
            throw new ArgumentException("diagonal length must be a power of two", nameof(diagonal));
        }
        var dim = diagonal.Length;
        var e = new Complex[dim * dim];
        for (var i = 0; i < dim; i++)
        {
            e[(i * dim) + i] = diagonal[i];
        }
        return new GateMatrix(k, e);
    }

    /// <summary>The 2×2 matrix [[a, b], [c, d]].</summary>
    public static GateMatrix OneQubit(Complex a, Complex b, Complex c, Complex d) => new(1, [a, b, c, d]);

    /// <summary>Matrix product this · other (apply <paramref name="other"/> first, then this).</summary>
    public GateMatrix Multiply(GateMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.QubitCount != QubitCount)
        {
            throw new ArgumentException("matrix sizes differ", nameof(other));
        }
        var dim = Dimension;
        var result = new Complex[dim * dim];
        for (var r = 0; r < dim; r++)
        {
            for (var k = 0; k < dim; k++)
            {
                var a = _elements[(r * dim) + k];
                if (a == Complex.Zero)
                {
                    continue;
                }
                for (var c = 0; c < dim; c++)
                {
                    result[(r * dim) + c] += a * other._elements[(k * dim) + c];
                }
            }
        }
        return new GateMatrix(QubitCount, result);
    }

    /// <summary>The conjugate transpose, i.e. the inverse of a unitary.</summary>
    public GateMatrix Adjoint()
    {
        var dim = Dimension;
        var result = new Complex[dim * dim];
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                result[(c * dim) + r] = Complex.Conjugate(_elements[(r * dim) + c]);
            }
        }
        return new GateMatrix(QubitCount, result);
    }

    /// <summary>Every element multiplied by <paramref name="factor"/> (e.g. a global phase).</summary>
    public GateMatrix Scale(Complex factor)
    {
        var result = new Complex[_elements.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = _elements[i] * factor;
        }
        return new GateMatrix(QubitCount, result);
    }

    /// <summary>Largest |U·U† − I| element: zero for an exactly unitary matrix.</summary>
    public double UnitarityError()
    {
        var product = Multiply(Adjoint());
        var dim = Dimension;
        var worst = 0.0;
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                var expected = r == c ? Complex.One : Complex.Zero;
                worst = Math.Max(worst, Complex.Abs(product[r, c] - expected));
            }
        }
        return worst;
    }

    /// <summary>True when every element differs from <paramref name="other"/>'s by at most <paramref name="tolerance"/>.</summary>
    public bool ApproximatelyEquals(GateMatrix other, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.QubitCount != QubitCount)
        {
            return false;
        }
        for (var i = 0; i < _elements.Length; i++)
        {
            if (Complex.Abs(_elements[i] - other._elements[i]) > tolerance)
            {
                return false;
            }
        }
        return true;
    }

    public bool Equals(GateMatrix? other) =>
        other is not null && other.QubitCount == QubitCount && _elements.AsSpan().SequenceEqual(other._elements);

    public override bool Equals(object? obj) => Equals(obj as GateMatrix);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(QubitCount);
        foreach (var e in _elements)
        {
            hash.Add(e);
        }
        return hash.ToHashCode();
    }

    private static bool ComputeIsDiagonal(Complex[] elements, int dim)
    {
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                if (r != c && elements[(r * dim) + c] != Complex.Zero)
                {
                    return false;
                }
            }
        }
        return true;
    }
}
