namespace VolunteerQuantum.Circuits.Model;

/// <summary>Formats classical memory and basis states the way Qiskit prints them.</summary>
public static class ClassicalBits
{
    /// <summary>
    /// Qiskit's memory string (a counts key): classical registers in REVERSE declaration order,
    /// separated by one space, each written most significant bit first (its bit 0 rightmost).
    /// <paramref name="clbits"/> is indexed by global clbit number.
    /// </summary>
    public static string CountsKey(Circuit circuit, ReadOnlySpan<bool> clbits)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (clbits.Length != circuit.ClbitCount)
        {
            throw new ArgumentException($"expected {circuit.ClbitCount} clbits, got {clbits.Length}", nameof(clbits));
        }
        var registers = circuit.ClassicalRegisters;
        var length = Math.Max(0, circuit.ClbitCount + registers.Count - 1);
        var chars = new char[length];
        var at = 0;
        for (var r = registers.Count - 1; r >= 0; r--)
        {
            var register = registers[r];
            for (var i = register.Size - 1; i >= 0; i--)
            {
                chars[at++] = clbits[register.Offset + i] ? '1' : '0';
            }
            if (r > 0)
            {
                chars[at++] = ' ';
            }
        }
        return new string(chars);
    }

    /// <summary>A basis-state index as a bitstring with qubit 0 rightmost (Qiskit's label order).</summary>
    public static string FormatBasisIndex(ulong index, int qubitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(qubitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(qubitCount, 64);
        if (qubitCount < 64 && index >> qubitCount != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"index {index} does not fit in {qubitCount} qubits");
        }
        var chars = new char[qubitCount];
        for (var q = 0; q < qubitCount; q++)
        {
            chars[qubitCount - 1 - q] = ((index >> q) & 1) != 0 ? '1' : '0';
        }
        return new string(chars);
    }
}
