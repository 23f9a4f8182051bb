using System.Numerics;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// M = Σ_k Values[k] · u_k · v_kᴴ for a rows × cols complex matrix, with the singular values in
/// decreasing order and r = min(rows, cols) triplets. The vectors are stored column after column:
/// u_k is Left[k·rows .. (k+1)·rows), v_k is Right[k·cols .. (k+1)·cols); u_k is zero where Values[k] is.
/// </summary>
internal sealed class SingularValueDecomposition
{
    internal SingularValueDecomposition(int rows, int cols, double[] values, Complex[] left, Complex[] right)
    {
        Rows = rows;
        Cols = cols;
        Values = values;
        Left = left;
        Right = right;
    }

    public int Rows { get; }

    public int Cols { get; }

    public IReadOnlyList<double> Values { get; }

    public Complex[] Left { get; }

    public Complex[] Right { get; }

    public ReadOnlySpan<Complex> LeftVector(int k) => Left.AsSpan(k * Rows, Rows);

    public ReadOnlySpan<Complex> RightVector(int k) => Right.AsSpan(k * Cols, Cols);

    /// <summary>Singular values above <paramref name="relativeTolerance"/> × the largest one.</summary>
    public int Rank(double relativeTolerance)
    {
        if (Values.Count == 0 || Values[0] == 0)
        {
            return 0;
        }
        var cut = relativeTolerance * Values[0];
        var rank = 0;
        while (rank < Values.Count && Values[rank] > cut)
        {
            rank++;
        }
        return rank;
    }
}
