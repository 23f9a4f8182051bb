using System.Globalization;
using System.Text;

namespace VolunteerQuantum.EndToEnd.Tests.Support;

/// <summary>Circuits written by the tests themselves, where the shared corpus has nothing of the right size.</summary>
internal static class TestFiles
{
    /// <summary>
    /// A layered random circuit (ry/rx on every qubit, CZ between neighbours) heavy enough that one
    /// unit takes a few seconds on one thread, so a volunteer can be killed in the middle of it.
    /// </summary>
    public static string Heavy(string directory, int qubits, int layers, int seed)
    {
        var path = Path.Combine(directory, $"heavy_n{qubits}_d{layers}.qasm");
        File.WriteAllText(path, HeavyCircuit.Qasm(qubits, layers, seed));
        return path;
    }

    /// <summary>
    /// An OpenQASM 3 circuit with an input parameter: ry(θ) on every qubit, then CZs. CZ is
    /// diagonal, so ⟨Z0⟩ = cos θ and ⟨Z0 Z1⟩ = cos² θ exactly, at every parameter point.
    /// </summary>
    public static string Sweepable(string directory, int qubits, int czLayers)
    {
        var b = new StringBuilder();
        b.AppendLine("OPENQASM 3.0;").AppendLine("include \"stdgates.inc\";").AppendLine("input float theta;");
        b.AppendLine(CultureInfo.InvariantCulture, $"qubit[{qubits}] q;");
        for (var q = 0; q < qubits; q++)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"ry(theta) q[{q}];");
        }
        for (var layer = 0; layer < czLayers; layer++)
        {
            for (var q = 0; q + 1 < qubits; q++)
            {
                b.AppendLine(CultureInfo.InvariantCulture, $"cz q[{q}], q[{q + 1}];");
                b.AppendLine(CultureInfo.InvariantCulture, $"h q[{q}];");
                b.AppendLine(CultureInfo.InvariantCulture, $"h q[{q}];");
            }
        }
        var path = Path.Combine(directory, $"sweep_n{qubits}.qasm");
        File.WriteAllText(path, b.ToString());
        return path;
    }
}
