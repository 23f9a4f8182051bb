namespace VolunteerQuantum.Circuits.Model.Classical;

/// <summary>
/// The classical state of one shot (or one branch of shots): the clbits of the bit registers, which the
/// counts report, and the program's other variables (local bits, integers, angles, loop counters).
/// </summary>
public sealed class ClassicalMemory
{
    public ClassicalMemory(int clbits, IReadOnlyList<ClassicalType> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        Clbits = new bool[clbits];
        Variables = variables.Select(t => new ClassicalValue(t, 0, 0)).ToArray();
    }

    private ClassicalMemory(bool[] clbits, ClassicalValue[] variables)
    {
        Clbits = clbits;
        Variables = variables;
    }

    public bool[] Clbits { get; }

    public ClassicalValue[] Variables { get; }

    public ClassicalMemory Clone() => new((bool[])Clbits.Clone(), (ClassicalValue[])Variables.Clone());

    /// <summary>Back to the start of a shot: every bit 0, every variable 0 of its type.</summary>
    public void Clear()
    {
        Array.Clear(Clbits);
        for (var i = 0; i < Variables.Length; i++)
        {
            Variables[i] = new ClassicalValue(Variables[i].Type, 0, 0);
        }
    }
}
