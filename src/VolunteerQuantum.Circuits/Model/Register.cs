namespace VolunteerQuantum.Circuits.Model;

/// <summary>
/// A named quantum or classical register. Its bits occupy the global indices
/// [<see cref="Offset"/>, <see cref="Offset"/> + <see cref="Size"/>), in declaration order.
/// </summary>
public sealed record Register(string Name, int Offset, int Size)
{
    public int this[int index] => index >= 0 && index < Size
        ? Offset + index
        : throw new ArgumentOutOfRangeException(nameof(index), $"{Name}[{index}] out of range for register {Name}[{Size}]");
}
