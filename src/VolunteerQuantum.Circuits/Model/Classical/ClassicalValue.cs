namespace VolunteerQuantum.Circuits.Model.Classical;

/// <summary>
/// One classical value. Bit-like kinds (bool, int, uint, angle, bit[n]) are <see cref="Raw"/>, masked to
/// their width (int in two's complement; an angle[n] is the fraction Raw/2ⁿ of a turn, as the
/// specification defines it); float and duration (in seconds) are <see cref="Real"/>.
/// </summary>
public readonly record struct ClassicalValue(ClassicalType Type, ulong Raw, double Real)
{
    public static ClassicalValue FromBool(bool value) => new(ClassicalType.Bool, value ? 1UL : 0UL, 0);

    public static ClassicalValue FromFloat(double value) => new(ClassicalType.Real, 0, value);

    public static ClassicalValue FromDuration(double seconds) => new(ClassicalType.Duration, 0, seconds);

    public static ClassicalValue FromBits(ClassicalType type, ulong raw) => new(type, raw & type.Mask, 0);

    public static ClassicalValue FromInteger(ClassicalType type, long value) => new(type, unchecked((ulong)value) & type.Mask, 0);

    /// <summary>An angle of <paramref name="radians"/>, rounded to the nearest multiple of 2π/2ⁿ and taken modulo 2π.</summary>
    public static ClassicalValue FromRadians(ClassicalType angle, double radians)
    {
        var turns = radians / Math.Tau;
        turns -= Math.Floor(turns);
        var scaled = Math.Round(turns * Math.Pow(2, angle.Width));
        var raw = scaled >= Math.Pow(2, angle.Width) ? 0UL : (ulong)scaled;
        return FromBits(angle, raw);
    }

    /// <summary>The value as a signed integer (int sign-extended; others as their unsigned bits; float truncated).</summary>
    public long AsInt64() => Type.Kind switch
    {
        ClassicalKind.SignedInt => SignExtend(Raw, Type.Width),
        ClassicalKind.Real or ClassicalKind.Duration => double.IsFinite(Real) ? (long)Math.Truncate(Real) : 0,
        _ => unchecked((long)Raw),
    };

    /// <summary>The value as a real number: angles in radians.</summary>
    public double AsDouble() => Type.Kind switch
    {
        ClassicalKind.Real or ClassicalKind.Duration => Real,
        ClassicalKind.SignedInt => SignExtend(Raw, Type.Width),
        ClassicalKind.Angle => Raw * Math.Tau / Math.Pow(2, Type.Width),
        _ => Raw,
    };

    public bool AsBool() => Type.IsBitLike ? Raw != 0 : Real != 0;

    /// <summary>Bit <paramref name="index"/> (0 least significant).</summary>
    public bool Bit(int index) => ((Raw >> index) & 1) != 0;

    public ClassicalValue WithBit(int index, bool value) =>
        this with { Raw = value ? Raw | (1UL << index) : Raw & ~(1UL << index) };

    public override string ToString() => Type.Kind switch
    {
        ClassicalKind.Bool => AsBool() ? "true" : "false",
        ClassicalKind.SignedInt => AsInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ClassicalKind.UnsignedInt => Raw.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ClassicalKind.Bit => Convert.ToString(unchecked((long)Raw), 2).PadLeft(Type.Width, '0')[^Type.Width..],
        _ => AsDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };

    internal static long SignExtend(ulong raw, int width) =>
        width >= 64 ? unchecked((long)raw) : unchecked((long)(raw << (64 - width))) >> (64 - width);
}
