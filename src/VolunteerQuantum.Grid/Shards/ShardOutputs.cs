using System.Numerics;
using System.Runtime.InteropServices;
using VolunteerQuantum.Grid.Sketches;
using VolunteerQuantum.Simulation.Observables;

namespace VolunteerQuantum.Grid.Shards;

/// <summary>
/// Reads a project's outputs from its final shards without assembling the state: amplitudes by
/// seeking, counts by one streaming pass (shots spread over shards by their masses), Pauli
/// expectations by streaming pairs of shards, and the whole state as .npy shard after shard.
/// Memory is one buffer of at most <c>bufferBytes</c> per open shard (two for expectations).
/// </summary>
/// <param name="blobs">Where the shards are stored.</param>
/// <param name="localQubits">Qubits per shard.</param>
/// <param name="mapping">Where each logical qubit ended up (the plan's final mapping).</param>
/// <param name="shards">The final shards, one per shard index.</param>
/// <param name="singlePrecision">complex64 shards (else complex128).</param>
/// <param name="bufferBytes">The largest read buffer.</param>
public sealed class ShardOutputs(IShardBlobs blobs, int localQubits, QubitMapping mapping, IReadOnlyList<ShardBlob> shards, bool singlePrecision, int bufferBytes)
{
    private readonly int _amplitudeBytes = singlePrecision ? 8 : 16;
    private readonly long _shardLength = 1L << localQubits;

    /// <summary>The amplitude of a logical basis index.</summary>
    public Complex Amplitude(long logicalIndex)
    {
        var physical = mapping.ToPhysical(logicalIndex);
        var shard = shards[(int)(physical >> localQubits)];
        if (shard.IsZero)
        {
            return Complex.Zero;
        }
        using var stream = blobs.OpenRead(shard.Blob!);
        stream.Seek((physical & (_shardLength - 1)) * _amplitudeBytes, SeekOrigin.Begin);
        var bytes = new byte[_amplitudeBytes];
        stream.ReadExactly(bytes);
        return Read(bytes, 0);
    }

    /// <summary>
    /// Samples <paramref name="shots"/> logical basis indices: sorted uniforms over the total mass,
    /// matched against the running sum of |ψ|² in one pass over the shards in physical order.
    /// </summary>
    public Dictionary<long, long> Sample(long shots, ulong seed)
    {
        var total = shards.Sum(s => s.NormSquared);
        var uniforms = new double[shots];
        for (long i = 0; i < shots; i++)
        {
            uniforms[i] = (SplitMix64.Derive(seed, (ulong)i) >> 11) * Math.ScaleB(1.0, -53) * total;
        }
        Array.Sort(uniforms);
        var counts = new Dictionary<long, long>();
        long next = 0;
        long lastOutcome = -1;
        var running = 0.0;
        var buffer = NewBuffer();
        foreach (var shard in shards)
        {
            if (next == shots)
            {
                break;
            }
            if (shard.IsZero || running + shard.NormSquared <= uniforms[next])
            {
                running += shard.NormSquared;
                continue;
            }
            using var stream = blobs.OpenRead(shard.Blob!);
            var baseIndex = shard.Index << localQubits;
            for (long start = 0; start < _shardLength && next < shots; start += buffer.Length / _amplitudeBytes)
            {
                var count = (int)Math.Min(buffer.Length / _amplitudeBytes, _shardLength - start);
                stream.ReadExactly(buffer, 0, count * _amplitudeBytes);
                for (var i = 0; i < count && next < shots; i++)
                {
                    running += Probability(buffer, i);
                    while (next < shots && uniforms[next] < running)
                    {
                        lastOutcome = mapping.ToLogical(baseIndex + start + i);
                        counts[lastOutcome] = counts.GetValueOrDefault(lastOutcome) + 1;
                        next++;
                    }
                }
            }
        }
        // Rounding can leave the last uniforms just above the final running sum: they belong to the last outcome.
        if (next < shots && lastOutcome >= 0)
        {
            counts[lastOutcome] += shots - next;
        }
        return counts;
    }

    /// <summary>⟨ψ|O|ψ⟩ for a Pauli sum on logical qubits.</summary>
    public double Expectation(PauliSum observable)
    {
        ArgumentNullException.ThrowIfNull(observable);
        return observable.Terms.Sum(t => t.Coefficient * Expectation(Physical(t.Pauli.XMask), Physical(t.Pauli.ZMask)));
    }

    /// <summary>Writes the state as a NumPy .npy body (no header): needs a plan that restored the local qubit order.</summary>
    public void WriteState(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var l = localQubits;
        if (Enumerable.Range(0, l).Any(q => mapping.PhysicalOf(q) != q))
        {
            throw new InvalidOperationException("the plan did not restore the local qubit order");
        }
        var buffer = NewBuffer();
        for (long logicalShard = 0; logicalShard < shards.Count; logicalShard++)
        {
            // Logical qubit l+i may sit at any global bit: find the stored shard holding this block.
            var physical = mapping.ToPhysical(logicalShard << l) >> l;
            var shard = shards[(int)physical];
            var bytes = _shardLength * _amplitudeBytes;
            if (shard.IsZero)
            {
                Array.Clear(buffer);
                for (long done = 0; done < bytes; done += buffer.Length)
                {
                    output.Write(buffer, 0, (int)Math.Min(buffer.Length, bytes - done));
                }
                continue;
            }
            using var stream = blobs.OpenRead(shard.Blob!);
            stream.CopyTo(output, buffer.Length);
        }
    }

    private double Expectation(ulong xMask, ulong zMask)
    {
        var l = localQubits;
        var localMask = (long)(xMask & (ulong)(_shardLength - 1));
        var globalFlip = (long)(xMask >> l);
        var yCount = BitOperations.PopCount(xMask & zMask);
        // P|x⟩ = i^{#Y} (−1)^{|x∧Z|} |x⊕X⟩, so ⟨ψ|P|ψ⟩ = i^{#Y} Σ_x (−1)^{|x∧Z|} conj(ψ_{x⊕X}) ψ_x.
        var phase = Complex.Pow(Complex.ImaginaryOne, yCount);
        // A power of two, so that pairs (x, x⊕X) fall in aligned chunks.
        var chunk = (int)Math.Min(_shardLength, 1L << BitOperations.Log2((uint)Math.Max(1, bufferBytes / _amplitudeBytes)));
        var mine = new byte[chunk * _amplitudeBytes];
        var theirs = new byte[chunk * _amplitudeBytes];
        var sum = Complex.Zero;
        foreach (var shard in shards.Where(s => !s.IsZero))
        {
            var partner = shards[(int)(shard.Index ^ globalFlip)];
            if (partner.IsZero)
            {
                continue;
            }
            using var a = blobs.OpenRead(shard.Blob!);
            using var b = blobs.OpenRead(partner.Blob!);
            var baseIndex = shard.Index << l;
            for (long start = 0; start < _shardLength; start += chunk)
            {
                // x ⊕ X stays in the chunk when the local flip is below the chunk size.
                var partnerStart = start ^ (localMask & ~(chunk - 1L));
                a.Seek(start * _amplitudeBytes, SeekOrigin.Begin);
                a.ReadExactly(mine);
                b.Seek(partnerStart * _amplitudeBytes, SeekOrigin.Begin);
                b.ReadExactly(theirs);
                var inChunk = (int)(localMask & (chunk - 1L));
                for (var i = 0; i < chunk; i++)
                {
                    var x = (ulong)(baseIndex + start + i);
                    var sign = (BitOperations.PopCount(x & zMask) & 1) == 0 ? 1.0 : -1.0;
                    sum += sign * Complex.Conjugate(Read(theirs, i ^ inChunk)) * Read(mine, i);
                }
            }
        }
        return (phase * sum).Real;
    }

    private ulong Physical(ulong logicalMask)
    {
        ulong physical = 0;
        for (var q = 0; q < mapping.Qubits; q++)
        {
            if (((logicalMask >> q) & 1) != 0)
            {
                physical |= 1UL << mapping.PhysicalOf(q);
            }
        }
        return physical;
    }

    private byte[] NewBuffer() => new byte[(int)Math.Min(Math.Max(_amplitudeBytes, bufferBytes / _amplitudeBytes * _amplitudeBytes), _shardLength * _amplitudeBytes)];

    private double Probability(byte[] buffer, int i)
    {
        var a = Read(buffer, i);
        return (a.Real * a.Real) + (a.Imaginary * a.Imaginary);
    }

    private Complex Read(byte[] buffer, int i) => singlePrecision
        ? new Complex(MemoryMarshal.Read<float>(buffer.AsSpan(i * 8)), MemoryMarshal.Read<float>(buffer.AsSpan((i * 8) + 4)))
        : new Complex(MemoryMarshal.Read<double>(buffer.AsSpan(i * 16)), MemoryMarshal.Read<double>(buffer.AsSpan((i * 16) + 8)));
}
