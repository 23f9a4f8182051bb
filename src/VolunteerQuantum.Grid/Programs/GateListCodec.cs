using System.Numerics;
using System.Text;
using VolunteerQuantum.Circuits.Gates;
using VolunteerQuantum.Circuits.Model;

namespace VolunteerQuantum.Grid.Programs;

/// <summary>
/// A list of gates as bytes, for the programs the coordinator hands to volunteers (a stage of a
/// sharded simulation, the halves of a path decomposition). Explicit matrices, not OpenQASM:
/// these gates are already mapped to physical qubits and may be non-unitary Schmidt terms.
/// Little-endian: "VQGL", version, gate count, then per gate its name, targets, controls with
/// their values, and the row-major matrix as (re, im) doubles.
/// </summary>
public static class GateListCodec
{
    private const uint Magic = 0x4C475156;   // "VQGL"
    private const int Version = 1;

    public static byte[] Encode(IReadOnlyList<GateOperation> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Version);
        Write(w, gates);
        w.Flush();
        return stream.ToArray();
    }

    public static IReadOnlyList<GateOperation> Decode(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (r.ReadUInt32() != Magic || r.ReadInt32() != Version)
            {
                throw new InvalidDataException("not a gate list of this version");
            }
            var gates = Read(r);
            return stream.Position == stream.Length ? gates : throw new InvalidDataException("trailing bytes after the gate list");
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the gate list is truncated", e);
        }
    }

    /// <summary>Writes a count and the gates (for programs made of several lists).</summary>
    public static void Write(BinaryWriter w, IReadOnlyList<GateOperation> gates)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(gates);
        w.Write(gates.Count);
        foreach (var g in gates)
        {
            w.Write(g.Name);
            w.Write((byte)g.Targets.Count);
            foreach (var t in g.Targets)
            {
                w.Write((short)t);
            }
            w.Write((byte)g.Controls.Count);
            for (var i = 0; i < g.Controls.Count; i++)
            {
                w.Write((short)g.Controls[i]);
                w.Write(g.ControlValues[i]);
            }
            foreach (var e in g.Matrix.Elements)
            {
                w.Write(e.Real);
                w.Write(e.Imaginary);
            }
        }
    }

    public static IReadOnlyList<GateOperation> Read(BinaryReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var count = r.ReadInt32();
        if (count < 0 || count > 50_000_000)
        {
            throw new InvalidDataException($"implausible gate count {count}");
        }
        var gates = new GateOperation[count];
        for (var n = 0; n < count; n++)
        {
            var name = r.ReadString();
            var targets = new int[r.ReadByte()];
            if (targets.Length > GateMatrix.MaxQubits)
            {
                throw new InvalidDataException($"gate '{name}' has {targets.Length} targets");
            }
            for (var i = 0; i < targets.Length; i++)
            {
                targets[i] = r.ReadInt16();
            }
            var controls = new int[r.ReadByte()];
            var values = new bool[controls.Length];
            for (var i = 0; i < controls.Length; i++)
            {
                controls[i] = r.ReadInt16();
                values[i] = r.ReadBoolean();
            }
            var dim = 1 << targets.Length;
            var elements = new Complex[dim * dim];
            for (var i = 0; i < elements.Length; i++)
            {
                elements[i] = new Complex(r.ReadDouble(), r.ReadDouble());
            }
            try
            {
                gates[n] = new GateOperation(name, new GateMatrix(targets.Length, elements), targets, controls, values);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"gate {n} ('{name}') is malformed: {e.Message}", e);
            }
        }
        return gates;
    }
}
