using System.Globalization;
using System.Text;

namespace VolunteerQuantum.Simulation.Io;

/// <summary>
/// NumPy .npy version 1.0 for a 1-D complex array: magic "\x93NUMPY", version 1.0, a little-endian
/// uint16 header length, then an ASCII dict padded with spaces and a final '\n' so the data starts at a
/// multiple of 64 bytes (NOTES.md §4: a 16-amplitude vector has HEADER_LEN 118, data at byte 128).
/// </summary>
public static class NpyFormat
{
    public const int Alignment = 64;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The NumPy dtype string: &lt;c8 for complex64, &lt;c16 for complex128.</summary>
    public static string Descriptor(Precision precision) => precision == Precision.Single ? "<c8" : "<c16";

    /// <summary>The complete header (preamble + padded dict) for a vector of <paramref name="length"/> amplitudes.</summary>
    public static byte[] BuildHeader(Precision precision, long length)
    {
        var dict = $"{{'descr': '{Descriptor(precision)}', 'fortran_order': False, 'shape': ({length.ToString(CultureInfo.InvariantCulture)},), }}";
        var unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        var total = (unpadded + Alignment - 1) / Alignment * Alignment;
        var headerLength = total - Magic.Length - 4;
        var header = new byte[total];
        Magic.CopyTo(header, 0);
        header[6] = 1;
        header[7] = 0;
        header[8] = (byte)(headerLength & 0xFF);
        header[9] = (byte)(headerLength >> 8);
        var text = dict.PadRight(headerLength - 1) + "\n";
        Encoding.ASCII.GetBytes(text, 0, text.Length, header, 10);
        return header;
    }

    /// <summary>Reads and checks a header; returns the precision and length, leaving the stream at the data.</summary>
    public static (Precision Precision, long Length) ReadHeader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var preamble = new byte[10];
        stream.ReadExactly(preamble);
        if (!preamble.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a .npy file (bad magic)");
        }
        int headerLength;
        if (preamble[6] == 1)
        {
            headerLength = preamble[8] | (preamble[9] << 8);
        }
        else if (preamble[6] is 2 or 3)
        {
            var extra = new byte[2];
            stream.ReadExactly(extra);
            headerLength = preamble[8] | (preamble[9] << 8) | (extra[0] << 16) | (extra[1] << 24);
        }
        else
        {
            throw new InvalidDataException($"unsupported .npy version {preamble[6]}.{preamble[7]}");
        }
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var header = Encoding.ASCII.GetString(headerBytes);
        var descr = Field(header, "descr").Trim('\'', '"');
        var precision = descr switch
        {
            "<c8" => Precision.Single,
            "<c16" => Precision.Double,
            _ => throw new InvalidDataException($".npy dtype '{descr}' is not supported (expected '<c8' or '<c16')"),
        };
        if (Field(header, "fortran_order") != "False")
        {
            throw new InvalidDataException(".npy arrays in Fortran order are not supported");
        }
        var shape = Field(header, "shape").Trim('(', ')').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (shape.Length != 1 || !long.TryParse(shape[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new InvalidDataException($".npy shape '{Field(header, "shape")}' is not a 1-D vector");
        }
        return (precision, length);
    }

    private static string Field(string header, string name)
    {
        var key = $"'{name}':";
        var at = header.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidDataException($".npy header has no '{name}'");
        }
        var start = at + key.Length;
        var depth = 0;
        var end = start;
        for (; end < header.Length; end++)
        {
            var ch = header[end];
            if (ch == '(')
            {
                depth++;
            }
            else if (ch == ')')
            {
                depth--;
            }
            else if ((ch == ',' || ch == '}') && depth == 0)
            {
                break;
            }
        }
        return header[start..end].Trim();
    }
}
