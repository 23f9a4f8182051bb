using VolunteerQuantum.Circuits.Model.Classical;

namespace VolunteerQuantum.Circuits.Model;

/// <summary>
/// True when the classical bits <see cref="Clbits"/>, read as an unsigned integer with Clbits[0] the
/// least significant bit, equal <see cref="Value"/>. OpenQASM 2's <c>if(c==n)</c> uses a whole
/// register; OpenQASM 3's <c>if (c[0])</c> is one bit compared with 1.
/// </summary>
public sealed record ClassicalCondition(IReadOnlyList<int> Clbits, ulong Value) : ClassicalExpression(ClassicalType.Bool)
{
    public bool IsSatisfiedBy(ReadOnlySpan<bool> clbits)
    {
        ulong v = 0;
        for (var i = 0; i < Clbits.Count; i++)
        {
            if (clbits[Clbits[i]])
            {
                v |= 1UL << i;
            }
        }
        return v == Value;
    }

    public override ClassicalValue Evaluate(ClassicalMemory memory) => ClassicalValue.FromBool(IsSatisfiedBy(memory.Clbits));
}
