using System.Numerics;
using VolunteerQuantum.Grid.Paths;

namespace VolunteerQuantum.Grid.Tests.Paths;

public sealed class ComplexSvdTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(5, 3)]
    [InlineData(16, 16)]
    [InlineData(64, 4)]
    [InlineData(4, 64)]
    [InlineData(64, 64)]
    public void Decompose_RandomMatrix_ReconstructsWithOrthonormalVectorsAndDescendingValues(int rows, int cols)
    {
        var random = new Random((rows * 100) + cols);
        var m = Enumerable.Range(0, rows * cols).Select(_ => new Complex(PathsTestCircuits.Gaussian(random), PathsTestCircuits.Gaussian(random))).ToArray();

        var svd = ComplexSvd.Decompose(m, rows, cols);

        var r = Math.Min(rows, cols);
        Assert.Equal(r, svd.Values.Count);
        for (var k = 1; k < r; k++)
        {
            Assert.True(svd.Values[k] <= svd.Values[k - 1]);
        }
        Assert.True(MaxReconstructionError(m, rows, cols, svd, r) < 1e-12 * svd.Values[0]);
        AssertOrthonormal(svd.Left, rows, r);
        AssertOrthonormal(svd.Right, cols, r);
    }

    [Fact]
    public void Decompose_RankTwoMatrix_RankTwoAtTolerance()
    {
        var random = new Random(7);
        var u = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 9).Select(_ => new Complex(random.NextDouble(), random.NextDouble())).ToArray()).ToArray();
        var v = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 6).Select(_ => new Complex(random.NextDouble(), random.NextDouble())).ToArray()).ToArray();
        var m = new Complex[9 * 6];
        for (var i = 0; i < 9; i++)
        {
            for (var j = 0; j < 6; j++)
            {
                m[(i * 6) + j] = (u[0][i] * v[0][j]) + (u[1][i] * v[1][j]);
            }
        }

        var svd = ComplexSvd.Decompose(m, 9, 6);

        Assert.Equal(2, svd.Rank(1e-12));
        Assert.True(MaxReconstructionError(m, 9, 6, svd, 2) < 1e-12 * svd.Values[0]);
    }

    [Fact]
    public void Decompose_DiagonalMatrix_ValuesAreTheSortedMagnitudes()
    {
        Complex[] m = [new(0, 2), 0, 0, 0, -5, 0, 0, 0, 1];

        var svd = ComplexSvd.Decompose(m, 3, 3);

        Assert.Equal([5.0, 2.0, 1.0], svd.Values);
    }

    [Fact]
    public void Decompose_ZeroMatrix_RankZero()
    {
        var svd = ComplexSvd.Decompose(new Complex[12], 3, 4);

        Assert.Equal(0, svd.Rank(1e-12));
    }

    private static double MaxReconstructionError(Complex[] m, int rows, int cols, SingularValueDecomposition svd, int terms)
    {
        var worst = 0.0;
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                var sum = Complex.Zero;
                for (var k = 0; k < terms; k++)
                {
                    sum += svd.Values[k] * svd.LeftVector(k)[i] * Complex.Conjugate(svd.RightVector(k)[j]);
                }
                worst = Math.Max(worst, Complex.Abs(sum - m[(i * cols) + j]));
            }
        }
        return worst;
    }

    private static void AssertOrthonormal(Complex[] vectors, int length, int count)
    {
        for (var a = 0; a < count; a++)
        {
            for (var b = 0; b < count; b++)
            {
                var dot = Complex.Zero;
                for (var i = 0; i < length; i++)
                {
                    dot += Complex.Conjugate(vectors[(a * length) + i]) * vectors[(b * length) + i];
                }
                Assert.True(Complex.Abs(dot - (a == b ? 1 : 0)) < 1e-12, $"⟨{a}|{b}⟩ = {dot}");
            }
        }
    }
}
