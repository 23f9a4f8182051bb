using System.Globalization;
using System.Text.RegularExpressions;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Benchmarks;

/// <summary>
/// A throwaway reader for the benchmark files only (qreg, h, rx, ry, cz, cu1, swap; measure and creg
/// are skipped), so the benchmarks do not depend on the full OpenQASM parser.
/// </summary>
internal static partial class BenchQasmReader
{
    public static Circuit Read(string path)
    {
        CircuitBuilder? builder = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith("OPENQASM", StringComparison.Ordinal)
                || line.StartsWith("include", StringComparison.Ordinal) || line.StartsWith("creg", StringComparison.Ordinal)
                || line.StartsWith("measure", StringComparison.Ordinal) || line.StartsWith("barrier", StringComparison.Ordinal))
            {
                continue;
            }
            var m = Statement().Match(line);
            if (!m.Success)
            {
                throw new FormatException($"{path}: cannot read '{line}'");
            }
            var name = m.Groups["name"].Value;
            var qubits = QubitRef().Matches(m.Groups["args"].Value).Select(q => int.Parse(q.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
            var angle = m.Groups["param"].Success ? double.Parse(m.Groups["param"].Value, CultureInfo.InvariantCulture) : 0;
            if (name == "qreg")
            {
                builder = new CircuitBuilder(qubits[0]);
                continue;
            }
            var b = builder ?? throw new FormatException($"{path}: gate before qreg");
            switch (name)
            {
                case "h":
                    b.Gate(name, H, qubits[0]);
                    break;
                case "rx":
                    b.Gate(name, GateMatrix.OneQubit(Math.Cos(angle / 2), new Complex(0, -Math.Sin(angle / 2)), new Complex(0, -Math.Sin(angle / 2)), Math.Cos(angle / 2)), qubits[0]);
                    break;
                case "ry":
                    b.Gate(name, GateMatrix.OneQubit(Math.Cos(angle / 2), -Math.Sin(angle / 2), Math.Sin(angle / 2), Math.Cos(angle / 2)), qubits[0]);
                    break;
                case "cz":
                    b.Gate(name, GateMatrix.Diagonal([1, 1, 1, -1]), qubits[0], qubits[1]);
                    break;
                case "cu1":
                case "cp":
                    b.Gate(name, GateMatrix.Diagonal([1, 1, 1, Complex.FromPolarCoordinates(1, angle)]), qubits[0], qubits[1]);
                    break;
                case "swap":
                    b.Gate(name, new GateMatrix(2, [1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1]), qubits[0], qubits[1]);
                    break;
                default:
                    throw new FormatException($"{path}: gate '{name}' is not in the benchmark subset");
            }
        }
        return (builder ?? throw new FormatException($"{path}: no qreg")).Build();
    }

    private static readonly GateMatrix H = GateMatrix.OneQubit(1 / Math.Sqrt(2), 1 / Math.Sqrt(2), 1 / Math.Sqrt(2), -1 / Math.Sqrt(2));

    [GeneratedRegex(@"^(?<name>[a-z0-9]+)(\((?<param>[^)]*)\))?\s+(?<args>[^;]*);$")]
    private static partial Regex Statement();

    [GeneratedRegex(@"\w+\[(\d+)\]")]
    private static partial Regex QubitRef();
}
