using System.Numerics;
using System.Runtime.InteropServices;

namespace VolunteerQuantum.Grid.Sketches;

/// <summary>
/// Sketches and norm² of a state given as interleaved little-endian complex bytes (the upload
/// format), fed in pieces of any size: the volunteer sketches what it is about to send, the
/// coordinator what it receives while it receives it, with the same code, so only a changed byte
/// can make them differ.
/// </summary>
public sealed class StateSketcher
{
    private readonly RandomSignSketch _sketch;
    private readonly bool _single;
    private readonly int _amplitudeBytes;
    private readonly byte[] _carry;
    private NeumaierSum _norm;
    private double _normBlock;
    private int _carried;
    private ulong _index;

    /// <param name="singlePrecision">complex64 bytes (else complex128).</param>
    /// <param name="seeds">Sketch seeds (none: only the norm² is computed).</param>
    /// <param name="firstIndex">Global index of the first amplitude (a shard's base), which the signs depend on.</param>
    public StateSketcher(bool singlePrecision, IReadOnlyList<ulong> seeds, ulong firstIndex = 0)
    {
        _sketch = new RandomSignSketch(seeds);
        _single = singlePrecision;
        _amplitudeBytes = singlePrecision ? 8 : 16;
        _carry = new byte[_amplitudeBytes];
        _index = firstIndex;
    }


    /// <summary>Adds the next bytes of the state; a piece may end in the middle of an amplitude.</summary>
    public void Add(ReadOnlySpan<byte> bytes)
    {
        if (_carried > 0)
        {
            var take = Math.Min(_amplitudeBytes - _carried, bytes.Length);
            bytes[..take].CopyTo(_carry.AsSpan(_carried));
            _carried += take;
            bytes = bytes[take..];
            if (_carried < _amplitudeBytes)
            {
                return;
            }
            AddWhole(_carry);
            _carried = 0;
        }
        var whole = bytes.Length - (bytes.Length % _amplitudeBytes);
        AddWhole(bytes[..whole]);
        bytes[whole..].CopyTo(_carry);
        _carried = bytes.Length - whole;
    }

    /// <summary>The sketches and norm²; throws if the bytes ended in the middle of an amplitude.</summary>
    public (Complex[] Sketches, double NormSquared) Result()
    {
        if (_carried != 0)
        {
            throw new InvalidDataException("the state's length is not a whole number of amplitudes");
        }
        var norm = _norm;
        norm.Add(_normBlock);
        return (_sketch.Values(), norm.Value);
    }

    public static (Complex[] Sketches, double NormSquared) Sketch(IEnumerable<ReadOnlyMemory<byte>> chunks, bool singlePrecision, IReadOnlyList<ulong> seeds, ulong firstIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var sketcher = new StateSketcher(singlePrecision, seeds, firstIndex);
        foreach (var chunk in chunks)
        {
            sketcher.Add(chunk.Span);
        }
        return sketcher.Result();
    }

    private void AddWhole(ReadOnlySpan<byte> bytes)
    {
        if (_single)
        {
            AddValues(MemoryMarshal.Cast<byte, float>(bytes));
        }
        else
        {
            AddValues(MemoryMarshal.Cast<byte, double>(bytes));
        }
        _index += (ulong)(bytes.Length / _amplitudeBytes);
    }

    private void AddValues<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        _sketch.AddInterleaved(_index, values);
        for (var i = 0; i < values.Length; i += 2)
        {
            var re = double.CreateTruncating(values[i]);
            var im = double.CreateTruncating(values[i + 1]);
            AddSquare((re * re) + (im * im), _index + (ulong)(i / 2));
        }
    }

    /// <summary>|ψᵢ|² summed plainly within blocks of 64 amplitudes (fixed by global index), blocks compensated.</summary>
    private void AddSquare(double square, ulong globalIndex)
    {
        _normBlock += square;
        if (globalIndex % 64 == 63)
        {
            _norm.Add(_normBlock);
            _normBlock = 0;
        }
    }
}
