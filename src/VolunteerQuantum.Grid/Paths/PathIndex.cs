namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// Path numbers as mixed-radix digits over the cut gates' term counts, the last cut fastest, so that
/// consecutive paths share the longest possible prefix of term choices.
/// </summary>
internal static class PathIndex
{
    /// <summary>The digits of <paramref name="path"/>, or null when it is not below Π radices.</summary>
    public static int[]? Digits(ulong path, IReadOnlyList<int> radices)
    {
        var digits = new int[radices.Count];
        for (var j = radices.Count - 1; j >= 0; j--)
        {
            digits[j] = (int)(path % (ulong)radices[j]);
            path /= (ulong)radices[j];
        }
        return path == 0 ? digits : null;
    }

    /// <summary>Steps to the next path; returns the first (leftmost) cut whose digit changed.</summary>
    public static int Increment(int[] digits, IReadOnlyList<int> radices)
    {
        for (var j = digits.Length - 1; j >= 0; j--)
        {
            if (++digits[j] < radices[j])
            {
                return j;
            }
            digits[j] = 0;
        }
        return 0;
    }
}
