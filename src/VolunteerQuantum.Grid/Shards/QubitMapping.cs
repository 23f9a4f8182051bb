namespace VolunteerQuantum.Grid.Shards;

/// <summary>
/// Where each logical qubit lives in a distributed state vector: physical bit p of the amplitude
/// index. Physical bits below the local-qubit count index within a shard; the rest pick the shard.
/// </summary>
public sealed class QubitMapping
{
    private readonly int[] _physicalOf;
    private readonly int[] _logicalAt;

    public QubitMapping(IReadOnlyList<int> physicalOfLogical)
    {
        ArgumentNullException.ThrowIfNull(physicalOfLogical);
        _physicalOf = physicalOfLogical.ToArray();
        _logicalAt = new int[_physicalOf.Length];
        Array.Fill(_logicalAt, -1);
        for (var q = 0; q < _physicalOf.Length; q++)
        {
            var p = _physicalOf[q];
            if (p < 0 || p >= _physicalOf.Length || _logicalAt[p] >= 0)
            {
                throw new ArgumentException("not a permutation of the qubits", nameof(physicalOfLogical));
            }
            _logicalAt[p] = q;
        }
    }

    public static QubitMapping Identity(int qubits) => new(Enumerable.Range(0, qubits).ToArray());

    public int Qubits => _physicalOf.Length;

    public IReadOnlyList<int> PhysicalOfLogical => _physicalOf;

    public int PhysicalOf(int logical) => _physicalOf[logical];

    public int LogicalAt(int physical) => _logicalAt[physical];

    public bool IsIdentity => _physicalOf.Select((p, q) => p == q).All(x => x);

    /// <summary>The mapping after the logical qubits at physical bits <paramref name="a"/> and <paramref name="b"/> trade places.</summary>
    public QubitMapping Swap(int a, int b)
    {
        var next = _physicalOf.ToArray();
        (next[_logicalAt[a]], next[_logicalAt[b]]) = (b, a);
        return new QubitMapping(next);
    }

    /// <summary>A logical basis index as the physical index that stores its amplitude.</summary>
    public long ToPhysical(long logicalIndex)
    {
        long physical = 0;
        for (var q = 0; q < _physicalOf.Length; q++)
        {
            physical |= ((logicalIndex >> q) & 1) << _physicalOf[q];
        }
        return physical;
    }

    public long ToLogical(long physicalIndex)
    {
        long logical = 0;
        for (var p = 0; p < _logicalAt.Length; p++)
        {
            logical |= ((physicalIndex >> p) & 1) << _logicalAt[p];
        }
        return logical;
    }
}
