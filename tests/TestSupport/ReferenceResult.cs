using System.Numerics;
using System.Text.Json;

namespace VolunteerQuantum.TestSupport;

/// <summary>One reference JSON of shared/circuits/reference (schema in shared/circuits/README.md).</summary>
public sealed class ReferenceResult
{
    private ReferenceResult(JsonElement root, string path)
    {
        Root = root;
        Path = path;
    }

    public JsonElement Root { get; }

    public string Path { get; }

    public string Kind => Root.TryGetProperty("kind", out var k) ? k.GetString()! : "";

    public int NumQubits => Root.GetProperty("num_qubits").GetInt32();

    public int NumClbits => Root.GetProperty("num_clbits").GetInt32();

    public IReadOnlyList<(string Name, int Size)> QuantumRegisters => Registers("qregs");

    public IReadOnlyList<(string Name, int Size)> ClassicalRegisters => Registers("cregs");

    public IReadOnlyDictionary<string, double>? CountsDistribution =>
        Root.TryGetProperty("counts_distribution", out var d) && d.ValueKind == JsonValueKind.Object
            ? d.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble())
            : null;

    /// <summary>The reference state: the JSON's "statevector", else the .npy beside it; null if neither.</summary>
    public Complex[]? StateVector()
    {
        if (Root.TryGetProperty("statevector", out var sv) && sv.ValueKind == JsonValueKind.Array)
        {
            return sv.EnumerateArray().Select(a => new Complex(a[0].GetDouble(), a[1].GetDouble())).ToArray();
        }
        var npy = System.IO.Path.ChangeExtension(Path, ".statevector.npy");
        return File.Exists(npy) ? ReadNpyComplex128(npy) : null;
    }

    public static ReferenceResult Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new ReferenceResult(document.RootElement.Clone(), path);
    }

    private (string, int)[] Registers(string property) =>
        Root.GetProperty(property).EnumerateArray().Select(r => (r[0].GetString()!, r[1].GetInt32())).ToArray();

    // NumPy .npy v1: magic, version, uint16 header length, header, raw little-endian complex128.
    private static Complex[] ReadNpyComplex128(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        if (!header.Contains("'<c16'", StringComparison.Ordinal) || !header.Contains("'fortran_order': False", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: unexpected header {header}");
        }
        var start = 10 + headerLength;
        var count = (bytes.Length - start) / 16;
        var result = new Complex[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = new Complex(BitConverter.ToDouble(bytes, start + (16 * i)), BitConverter.ToDouble(bytes, start + (16 * i) + 8));
        }
        return result;
    }
}
