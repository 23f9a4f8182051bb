using System.Numerics;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// Singular value decomposition of small complex matrices by one-sided Jacobi (Hestenes): plane
/// rotations of column pairs until all columns are mutually orthogonal; the column norms are then
/// the singular values. It is slow for big matrices but simple and accurate to a few ulps relative to
/// ‖M‖, which is what exact gate decompositions need (operator Schmidt matrices are at most 64 × 64 here).
/// </summary>
internal static class ComplexSvd
{
    private const int MaxSweeps = 100;

    /// <summary>Decomposes the row-major <paramref name="rows"/> × <paramref name="cols"/> matrix.</summary>
    public static SingularValueDecomposition Decompose(ReadOnlySpan<Complex> rowMajor, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        if (rowMajor.Length != rows * cols)
        {
            throw new ArgumentException($"a {rows}×{cols} matrix needs {rows * cols} elements, got {rowMajor.Length}", nameof(rowMajor));
        }
        if (rows >= cols)
        {
            return Tall(rowMajor.ToArray(), rows, cols);
        }
        // Jacobi rotates columns, so it wants at least as many rows as columns: decompose Mᴴ = V Σ Uᴴ and swap.
        var adjoint = new Complex[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                adjoint[(c * rows) + r] = Complex.Conjugate(rowMajor[(r * cols) + c]);
            }
        }
        var t = Tall(adjoint, cols, rows);
        return new SingularValueDecomposition(rows, cols, [.. t.Values], t.Right, t.Left);
    }

    /// <summary>rows ≥ cols: rotate the columns of M, accumulating the same rotations in V (M V = U Σ).</summary>
    private static SingularValueDecomposition Tall(Complex[] m, int rows, int cols)
    {
        // Column-major copies keep each column contiguous for the dot products.
        var a = new Complex[cols][];
        var v = new Complex[cols][];
        for (var c = 0; c < cols; c++)
        {
            a[c] = new Complex[rows];
            for (var r = 0; r < rows; r++)
            {
                a[c][r] = m[(r * cols) + c];
            }
            v[c] = new Complex[cols];
            v[c][c] = Complex.One;
        }
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var rotated = false;
            for (var p = 0; p < cols - 1; p++)
            {
                for (var q = p + 1; q < cols; q++)
                {
                    rotated |= Orthogonalize(a[p], a[q], v[p], v[q]);
                }
            }
            if (!rotated)
            {
                break;
            }
        }
        return Finish(a, v, rows, cols);
    }

    /// <summary>
    /// Makes columns p and q orthogonal. With γ = a_pᴴ a_q = |γ|e^{iφ}, the pair (a_p, e^{−iφ} a_q) has the real
    /// Gram matrix [[α, |γ|], [|γ|, β]], which the classic real Jacobi rotation (smaller angle) diagonalises.
    /// Returns false when the pair is already orthogonal to working precision.
    /// </summary>
    private static bool Orthogonalize(Complex[] ap, Complex[] aq, Complex[] vp, Complex[] vq)
    {
        double alpha = 0, beta = 0;
        var gamma = Complex.Zero;
        for (var i = 0; i < ap.Length; i++)
        {
            alpha += Norm2(ap[i]);
            beta += Norm2(aq[i]);
            gamma += Complex.Conjugate(ap[i]) * aq[i];
        }
        var g = Complex.Abs(gamma);
        if (g == 0 || g <= 1e-15 * Math.Sqrt(alpha * beta))
        {
            return false;
        }
        var zeta = (beta - alpha) / (2 * g);
        var t = (zeta >= 0 ? 1 : -1) / (Math.Abs(zeta) + Math.Sqrt(1 + (zeta * zeta)));
        var c = 1 / Math.Sqrt(1 + (t * t));
        var s = c * t;
        var phase = Complex.Conjugate(gamma / g);
        Rotate(ap, aq, c, s, phase);
        Rotate(vp, vq, c, s, phase);
        return true;
    }

    private static void Rotate(Complex[] x, Complex[] y, double c, double s, Complex phase)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var xi = x[i];
            var yi = phase * y[i];
            x[i] = (c * xi) - (s * yi);
            y[i] = (s * xi) + (c * yi);
        }
    }

    private static SingularValueDecomposition Finish(Complex[][] a, Complex[][] v, int rows, int cols)
    {
        var norms = a.Select(col => Math.Sqrt(col.Sum(Norm2))).ToArray();
        // Stable order: equal singular values keep their column order, so results are reproducible.
        var order = Enumerable.Range(0, cols).OrderByDescending(k => norms[k]).ToArray();
        var values = new double[cols];
        var left = new Complex[rows * cols];
        var right = new Complex[cols * cols];
        for (var k = 0; k < cols; k++)
        {
            var j = order[k];
            values[k] = norms[j];
            for (var r = 0; r < rows; r++)
            {
                left[(k * rows) + r] = norms[j] > 0 ? a[j][r] / norms[j] : Complex.Zero;
            }
            v[j].CopyTo(right, k * cols);
        }
        return new SingularValueDecomposition(rows, cols, values, left, right);
    }

    private static double Norm2(Complex z) => (z.Real * z.Real) + (z.Imaginary * z.Imaginary);
}
