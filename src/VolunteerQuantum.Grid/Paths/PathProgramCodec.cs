using System.Text;
using VolunteerQuantum.Circuits.Model;
using VolunteerQuantum.Grid.Programs;

namespace VolunteerQuantum.Grid.Paths;

/// <summary>
/// A <see cref="PathProgram"/> as bytes. Little-endian: "VQPP", version, logical qubits, number of cut
/// gates m, the term count of each cut, then per half (A, B): its logical qubits (int16 each), its m+1
/// segments and, for each cut, its term lists, every gate list written by <see cref="GateListCodec"/>.
/// Decoding checks everything a malicious or damaged blob could get wrong before anything is allocated
/// in proportion to a count it claims.
/// </summary>
internal static class PathProgramCodec
{
    private const uint Magic = 0x50505156;   // "VQPP"
    private const int Version = 1;

    /// <summary>Fewest bytes of one gate in a gate list: empty name, no qubit counts, a 1×1 matrix.</summary>
    private const int MinGateBytes = 1 + 1 + 1 + 16;

    public static byte[] Encode(PathProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Version);
        w.Write(program.Qubits);
        w.Write(program.TermsPerCut.Count);
        foreach (var terms in program.TermsPerCut)
        {
            w.Write(terms);
        }
        foreach (var half in new[] { program.A, program.B })
        {
            w.Write(half.Qubits.Count);
            foreach (var q in half.Qubits)
            {
                w.Write((short)q);
            }
            foreach (var segment in half.Segments)
            {
                GateListCodec.Write(w, segment);
            }
            foreach (var term in half.Terms.SelectMany(t => t))
            {
                GateListCodec.Write(w, term);
            }
        }
        w.Flush();
        return stream.ToArray();
    }

    public static PathProgram Decode(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (r.ReadUInt32() != Magic || r.ReadInt32() != Version)
            {
                throw new InvalidDataException("not a path program of this version");
            }
            var qubits = r.ReadInt32();
            if (qubits is < 2 or > 62)
            {
                throw new InvalidDataException($"implausible qubit count {qubits}");
            }
            // Each cut costs at least a term count and, per half, a segment and a term list (4 bytes each).
            var cuts = ReadCount(r, stream, 12, "cut gates");
            var termsPerCut = new int[cuts];
            for (var j = 0; j < cuts; j++)
            {
                termsPerCut[j] = r.ReadInt32();
                if (termsPerCut[j] < 1 || termsPerCut[j] > (stream.Length - stream.Position) / 8)
                {
                    throw new InvalidDataException($"cut gate {j} claims {termsPerCut[j]} terms");
                }
            }
            var a = ReadHalf(r, stream, qubits, termsPerCut);
            var b = ReadHalf(r, stream, qubits, termsPerCut);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException("trailing bytes after the path program");
            }
            return new PathProgram(qubits, a, b);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            throw new InvalidDataException("the path program is truncated or corrupt", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"the path program is inconsistent: {e.Message}", e);
        }
    }

    private static PathHalf ReadHalf(BinaryReader r, MemoryStream stream, int qubits, int[] termsPerCut)
    {
        var count = r.ReadInt32();
        if (count < 1 || count >= qubits)
        {
            throw new InvalidDataException($"a half of {count} qubits in a {qubits}-qubit program");
        }
        var logical = new int[count];
        for (var i = 0; i < count; i++)
        {
            logical[i] = r.ReadInt16();
        }
        var segments = new IReadOnlyList<GateOperation>[termsPerCut.Length + 1];
        for (var s = 0; s < segments.Length; s++)
        {
            segments[s] = ReadGates(r, stream);
        }
        var terms = new IReadOnlyList<IReadOnlyList<GateOperation>>[termsPerCut.Length];
        for (var j = 0; j < terms.Length; j++)
        {
            var lists = new IReadOnlyList<GateOperation>[termsPerCut[j]];
            for (var k = 0; k < lists.Length; k++)
            {
                lists[k] = ReadGates(r, stream);
            }
            terms[j] = lists;
        }
        return new PathHalf(logical, segments, terms);
    }

    /// <summary>A gate list, after checking that the bytes left can hold the gates it claims.</summary>
    private static IReadOnlyList<GateOperation> ReadGates(BinaryReader r, MemoryStream stream)
    {
        var start = stream.Position;
        ReadCount(r, stream, MinGateBytes, "gates");
        stream.Position = start;
        return GateListCodec.Read(r);
    }

    private static int ReadCount(BinaryReader r, MemoryStream stream, int minBytesEach, string what)
    {
        var count = r.ReadInt32();
        if (count < 0 || count > (stream.Length - stream.Position) / minBytesEach)
        {
            throw new InvalidDataException($"implausible number of {what}: {count}");
        }
        return count;
    }
}
