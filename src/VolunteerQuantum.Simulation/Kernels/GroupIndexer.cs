using System.Runtime.CompilerServices;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>
/// Enumerates the groups of registers a gate touches together. A group is fixed by every index bit
/// that is not a high target (a target at or above the register's lane bits) nor a high control:
/// group g's base index is g with a zero bit inserted at each high target position and the control
/// value at each high control position. Consecutive groups below the lowest inserted position are
/// consecutive registers in memory, so a kernel computes the base once per such run.
/// </summary>
internal sealed class GroupIndexer
{
    private readonly int[] _insertPositions;

    /// <param name="indexBits">Index bits of the state (at least one layout block).</param>
    /// <param name="laneBits">log2 of the register width.</param>
    /// <param name="insertPositions">High target and high control qubits (all ≥ laneBits), any order.</param>
    /// <param name="fixedBits">Index bits forced to one (high controls on |1⟩).</param>
    public GroupIndexer(int indexBits, int laneBits, IEnumerable<int> insertPositions, long fixedBits)
    {
        _insertPositions = insertPositions.Select(q => q - laneBits).Order().ToArray();
        LaneBits = laneBits;
        FixedBits = fixedBits;
        Count = 1L << (indexBits - laneBits - _insertPositions.Length);
        RunBits = _insertPositions.Length > 0 ? _insertPositions[0] : 62;
    }

    /// <summary>Number of groups.</summary>
    public long Count { get; }

    public int LaneBits { get; }

    public long FixedBits { get; }

    /// <summary>Groups g and g+1 are adjacent registers unless g+1 is a multiple of 2^RunBits.</summary>
    public int RunBits { get; }

    /// <summary>Amplitude index of the first lane of group <paramref name="group"/>'s base register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long BaseIndex(long group)
    {
        var v = group;
        foreach (var p in _insertPositions)
        {
            var low = v & ((1L << p) - 1);
            v = ((v >> p) << (p + 1)) | low;
        }
        return (v << LaneBits) | FixedBits;
    }
}
