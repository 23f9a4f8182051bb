using System.Text;

namespace VolunteerQuantum.Simulation.Observables;

/// <summary>
/// A tensor product of single-qubit Paulis as two bit masks: <see cref="XMask"/> marks X and Y (they flip
/// the bit), <see cref="ZMask"/> marks Z and Y (they give a sign). P|i⟩ = i^{#Y} (−1)^{popcount(i &amp; Z)} |i ⊕ X⟩.
/// </summary>
public sealed record PauliString(ulong XMask, ulong ZMask)
{
    public static PauliString Identity { get; } = new(0, 0);

    public int YCount => BitOperations.PopCount(XMask & ZMask);

    /// <summary>One past the highest qubit used (0 for the identity).</summary>
    public int Width => 64 - BitOperations.LeadingZeroCount(XMask | ZMask);

    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var q = 0; q < 64; q++)
        {
            var x = ((XMask >> q) & 1) != 0;
            var z = ((ZMask >> q) & 1) != 0;
            if (x || z)
            {
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }
                sb.Append(x && z ? 'Y' : x ? 'X' : 'Z').Append(q);
            }
        }
        return sb.Length == 0 ? "I" : sb.ToString();
    }
}
