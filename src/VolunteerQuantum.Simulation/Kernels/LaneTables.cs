using System.Runtime.Intrinsics;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// Index vectors for the lane permutation j → j ^ mask. A target qubit inside a register pairs lane j
/// with lane j ^ 2^q; several such targets pair j with j ^ (any combination), so XOR patterns are the
/// only permutations the kernels ever need. Built once per gate, never in a sweep.
/// </summary>
internal static class LaneTables
{
    /// <summary>
    /// 32-bit element indices over <paramref name="elements"/> elements for XOR <paramref name="mask"/>
    /// applied to element indices (a double lane's mask is pre-shifted by one: it moves both halves).
    /// </summary>
    public static int[] DwordXor(int elements, int mask)
    {
        var result = new int[elements];
        for (var e = 0; e < elements; e++)
        {
            result[e] = e ^ mask;
        }
        return result;
    }

    /// <summary>Byte indices for lanes of <paramref name="laneBytes"/> bytes in a 16-byte register.</summary>
    public static Vector128<byte> ByteXor(int laneBytes, int mask)
    {
        var result = new byte[16];
        for (var b = 0; b < 16; b++)
        {
            var lane = b / laneBytes;
            result[b] = (byte)(((lane ^ mask) * laneBytes) + (b % laneBytes));
        }
        return Vector128.Create(result);
    }

    public static Vector512<int> AsVector512(this int[] values) => Vector512.Create(values);

    public static Vector256<int> AsVector256(this int[] values) => Vector256.Create(values);
}
