using System.Numerics;

namespace VolunteerQuantum.Circuits.Gates;

/// <summary>
/// Powers of unitary gate matrices, for OpenQASM 3's <c>pow(k) @</c>. Non-integer powers take the
/// principal branch of each eigenvalue (arg in (−π, π]), so pow(1/2) @ z = s and pow(1/2) @ x = sx,
/// as the standard library's definitions need.
/// </summary>
public static class GatePower
{
    // Eigenvalues this close to the negative real axis are treated as lying on it (arg = +π), so
    // that −1 with a rounding-noise imaginary part of either sign has the square root +i.
    private const double BranchCutTolerance = 1e-12;

    /// <summary>M^k for an integer k (negative k uses the adjoint, the inverse of a unitary).</summary>
    public static GateMatrix Repeated(GateMatrix matrix, long exponent)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var baseMatrix = exponent < 0 ? matrix.Adjoint() : matrix;
        var remaining = exponent < 0 ? (ulong)(-(exponent + 1)) + 1 : (ulong)exponent;
        var result = GateMatrix.Identity(matrix.QubitCount);
        while (remaining != 0)
        {
            if ((remaining & 1) != 0)
            {
                result = result.Multiply(baseMatrix);
            }
            remaining >>= 1;
            if (remaining != 0)
            {
                baseMatrix = baseMatrix.Multiply(baseMatrix);
            }
        }
        return result;
    }

    /// <summary>
    /// The principal power M^k of a unitary M that is diagonal or acts on one qubit; false for
    /// other matrices (their eigendecomposition is not implemented).
    /// </summary>
    public static bool TryReal(GateMatrix matrix, double exponent, out GateMatrix result)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.IsDiagonal)
        {
            var diagonal = new Complex[matrix.Dimension];
            for (var i = 0; i < diagonal.Length; i++)
            {
                diagonal[i] = Principal(matrix[i, i], exponent);
            }
            result = GateMatrix.Diagonal(diagonal);
            return true;
        }
        if (matrix.QubitCount == 1)
        {
            result = OneQubit(matrix, exponent);
            return true;
        }
        result = matrix;
        return false;
    }

    /// <summary>The principal value of z^k.</summary>
    public static Complex Principal(Complex z, double exponent)
    {
        var magnitude = z.Magnitude;
        if (magnitude == 0)
        {
            return Complex.Zero;
        }
        var phase = z.Phase;
        if (phase <= -Math.PI + BranchCutTolerance)
        {
            phase = Math.PI;
        }
        return Complex.FromPolarCoordinates(Math.Pow(magnitude, exponent), phase * exponent);
    }

    // A unitary is normal, so M = λ1·P1 + λ2·P2 with orthogonal projectors and M^k = λ1^k·P1 + λ2^k·P2.
    private static GateMatrix OneQubit(GateMatrix m, double exponent)
    {
        Complex a = m[0, 0], b = m[0, 1], c = m[1, 0], d = m[1, 1];
        var half = (a + d) / 2;
        var discriminant = Complex.Sqrt((half * half) - ((a * d) - (b * c)));
        var lambda1 = half + discriminant;
        var lambda2 = half - discriminant;
        if (discriminant.Magnitude < 1e-12)
        {
            // Equal eigenvalues: a normal matrix is then a multiple of the identity.
            var p = Principal(half, exponent);
            return GateMatrix.OneQubit(p, 0, 0, p);
        }
        // An eigenvector for λ1 from whichever row of (M − λ1·I) is better conditioned.
        Complex v0, v1;
        if ((b.Magnitude + (lambda1 - a).Magnitude) >= ((lambda1 - d).Magnitude + c.Magnitude))
        {
            (v0, v1) = (b, lambda1 - a);
        }
        else
        {
            (v0, v1) = (lambda1 - d, c);
        }
        var norm = (v0.Magnitude * v0.Magnitude) + (v1.Magnitude * v1.Magnitude);
        var p00 = v0 * Complex.Conjugate(v0) / norm;
        var p01 = v0 * Complex.Conjugate(v1) / norm;
        var p10 = v1 * Complex.Conjugate(v0) / norm;
        var p11 = v1 * Complex.Conjugate(v1) / norm;
        var k1 = Principal(lambda1, exponent);
        var k2 = Principal(lambda2, exponent);
        return GateMatrix.OneQubit(
            (k1 * p00) + (k2 * (1 - p00)),
            (k1 * p01) - (k2 * p01),
            (k1 * p10) - (k2 * p10),
            (k1 * p11) + (k2 * (1 - p11)));
    }
}
