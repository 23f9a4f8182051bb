namespace VolunteerQuantum.Circuits.Model.Classical;

/// <summary>The kinds of OpenQASM 3 classical values the runtime keeps per shot.</summary>
public enum ClassicalKind
{
    Bool,
    SignedInt,
    UnsignedInt,
    Real,
    Angle,
    Bit,
    Duration,
}

/// <summary>
/// A classical type: a kind and a width in bits (1 to 64; <c>float</c> and <c>duration</c> are kept in
/// double precision whatever width they declare, as Qiskit does).
/// </summary>
public readonly record struct ClassicalType(ClassicalKind Kind, int Width)
{
    public const int MaxWidth = 64;

    public static ClassicalType Bool => new(ClassicalKind.Bool, 1);

    public static ClassicalType Real => new(ClassicalKind.Real, 64);

    public static ClassicalType Duration => new(ClassicalKind.Duration, 64);

    public static ClassicalType SignedInt(int width = 64) => new(ClassicalKind.SignedInt, width);

    public static ClassicalType UnsignedInt(int width = 64) => new(ClassicalKind.UnsignedInt, width);

    public static ClassicalType Bits(int width) => new(ClassicalKind.Bit, width);

    public static ClassicalType Angle(int width = 64) => new(ClassicalKind.Angle, width);

    /// <summary>Kinds stored as <see cref="ClassicalValue.Raw"/> bits (everything but float and duration).</summary>
    public bool IsBitLike => Kind is not (ClassicalKind.Real or ClassicalKind.Duration);

    public bool IsInteger => Kind is ClassicalKind.SignedInt or ClassicalKind.UnsignedInt;

    public ulong Mask => Width >= 64 ? ulong.MaxValue : (1UL << Width) - 1;

    public override string ToString() => Kind switch
    {
        ClassicalKind.Bool => "bool",
        ClassicalKind.Duration => "duration",
        ClassicalKind.Real => $"float[{Width}]",
        ClassicalKind.SignedInt => $"int[{Width}]",
        ClassicalKind.UnsignedInt => $"uint[{Width}]",
        ClassicalKind.Bit when Width == 1 => "bit",
        ClassicalKind.Bit => $"bit[{Width}]",
        _ => $"angle[{Width}]",
    };
}
