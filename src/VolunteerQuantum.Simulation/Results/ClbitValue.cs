using System.Text;

namespace VolunteerQuantum.Simulation.Results;

/// <summary>
/// The values of all classical bits after one shot: bit i is clbit i (global clbit numbering). Up to 64
/// clbits live in one <see cref="ulong"/> with no allocation; wider memories add words.
/// </summary>
public readonly struct ClbitValue : IEquatable<ClbitValue>
{
    private readonly ulong _low;
    private readonly ulong[]? _high;

    public ClbitValue(ulong low)
    {
        _low = low;
        _high = null;
    }

    private ClbitValue(ulong low, ulong[]? high)
    {
        _low = low;
        _high = high;
    }

    public static ClbitValue FromBits(ReadOnlySpan<bool> bits)
    {
        ulong low = 0;
        ulong[]? high = null;
        for (var i = 0; i < bits.Length; i++)
        {
            if (!bits[i])
            {
                continue;
            }
            if (i < 64)
            {
                low |= 1UL << i;
            }
            else
            {
                high ??= new ulong[(bits.Length - 1) / 64];
                high[(i / 64) - 1] |= 1UL << (i % 64);
            }
        }
        return new ClbitValue(low, high);
    }

    /// <summary>Clbit <paramref name="index"/>.</summary>
    public bool this[int index] => index < 64
        ? ((_low >> index) & 1) != 0
        : _high is not null && (index / 64) - 1 < _high.Length && ((_high[(index / 64) - 1] >> (index % 64)) & 1) != 0;

    /// <summary>The value as an integer (clbit 0 least significant); throws if a bit above 63 is set.</summary>
    public ulong ToUInt64() => _high is null || _high.All(w => w == 0)
        ? _low
        : throw new OverflowException("the classical value has bits above 63");

    public bool[] ToBits(int count)
    {
        var bits = new bool[count];
        for (var i = 0; i < count; i++)
        {
            bits[i] = this[i];
        }
        return bits;
    }

    /// <summary>Clbits count−1 … 0, most significant first (one flat register).</summary>
    public string ToBitString(int count)
    {
        var sb = new StringBuilder(count);
        for (var i = count - 1; i >= 0; i--)
        {
            sb.Append(this[i] ? '1' : '0');
        }
        return sb.ToString();
    }

    public bool Equals(ClbitValue other)
    {
        if (_low != other._low)
        {
            return false;
        }
        var a = _high ?? [];
        var b = other._high ?? [];
        var n = Math.Max(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if ((i < a.Length ? a[i] : 0) != (i < b.Length ? b[i] : 0))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is ClbitValue other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_low);
        if (_high is not null)
        {
            foreach (var w in _high)
            {
                if (w != 0)
                {
                    hash.Add(w);
                }
            }
        }
        return hash.ToHashCode();
    }

    public override string ToString() => _high is null ? $"0x{_low:x}" : $"{ToBitString(64 * (_high.Length + 1))}";

    public static bool operator ==(ClbitValue left, ClbitValue right) => left.Equals(right);

    public static bool operator !=(ClbitValue left, ClbitValue right) => !left.Equals(right);
}
