using System.Globalization;
using System.Text;

namespace VolunteerQuantum.TestSupport;

/// <summary>Layers of random rx/ry on every qubit and CZs between neighbours, measured at the end: a unit long enough to interrupt.</summary>
public static class HeavyCircuit
{
    public static string Qasm(int qubits, int layers, int seed)
    {
        var random = new Random(seed);
        var b = new StringBuilder();
        b.AppendLine("OPENQASM 2.0;").AppendLine("include \"qelib1.inc\";");
        b.AppendLine(CultureInfo.InvariantCulture, $"qreg q[{qubits}];").AppendLine(CultureInfo.InvariantCulture, $"creg c[{qubits}];");
        for (var layer = 0; layer < layers; layer++)
        {
            for (var q = 0; q < qubits; q++)
            {
                b.AppendLine(CultureInfo.InvariantCulture, $"{(random.Next(2) == 0 ? "rx" : "ry")}({random.NextDouble() * Math.PI:R}) q[{q}];");
            }
            for (var q = layer % 2; q + 1 < qubits; q += 2)
            {
                b.AppendLine(CultureInfo.InvariantCulture, $"cz q[{q}],q[{q + 1}];");
            }
        }
        b.AppendLine("measure q -> c;");
        return b.ToString();
    }
}
