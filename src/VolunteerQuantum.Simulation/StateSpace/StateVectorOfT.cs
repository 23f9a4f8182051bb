using System.Numerics;
using System.Runtime.InteropServices;
using VolunteerQuantum.Simulation.Kernels;

namespace VolunteerQuantum.Simulation.StateSpace;

/// <summary>The state vector in one precision (float or double); see <see cref="AmplitudeLayout"/> for the layout.</summary>
public sealed unsafe class StateVector<T> : StateVector
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Amplitudes per reduction chunk: fixed, so sums do not depend on the thread count.</summary>
    internal const int ReductionChunk = 1 << 14;

    private readonly MemoryBudget _budget;
    private T* _data;

    /// <param name="threads">Threads that fault the fresh memory in (see <see cref="StateMemory"/>).</param>
    internal StateVector(int localQubits, int globalQubits, long shardIndex, MemoryBudget? budget, int threads = 1)
        : base(localQubits, globalQubits, shardIndex)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException("amplitudes are float or double");
        }
        _budget = budget ?? MemoryBudget.Shared;
        StoredAmplitudes = AmplitudeLayout.StoredAmplitudes(localQubits);
        var bytes = StoredAmplitudes * 2 * sizeof(T);
        _budget.Reserve(bytes, $"a {localQubits}-qubit {Precision.ToString().ToLowerInvariant()}-precision state vector");
        try
        {
            _data = (T*)StateMemory.AllocateZeroed(bytes, threads);
        }
        catch
        {
            _budget.Release(bytes);
            throw;
        }
        SizeInBytes = bytes;
        if (GlobalIndexBase == 0)
        {
            SetAmplitude(0, Complex.One);
        }
    }

    ~StateVector() => Dispose(false);

    public override Precision Precision => typeof(T) == typeof(float) ? Precision.Single : Precision.Double;

    public override long SizeInBytes { get; }

    /// <summary>Amplitudes in memory (Length, or one 16-amplitude block for tiny states).</summary>
    internal long StoredAmplitudes { get; }

    internal MemoryBudget Budget => _budget;

    /// <summary>The raw planar-block memory (see <see cref="AmplitudeLayout"/>).</summary>
    internal T* Data => _data != null ? _data : throw new ObjectDisposedException(nameof(StateVector));

    public override Complex GetAmplitude(long index)
    {
        CheckIndex(index);
        var p = Data + AmplitudeLayout.RealOffset(index);
        return new Complex(double.CreateTruncating(p[0]), double.CreateTruncating(p[AmplitudeLayout.BlockSize]));
    }

    public override void SetAmplitude(long index, Complex value)
    {
        CheckIndex(index);
        var p = Data + AmplitudeLayout.RealOffset(index);
        p[0] = T.CreateTruncating(value.Real);
        p[AmplitudeLayout.BlockSize] = T.CreateTruncating(value.Imaginary);
    }

    public override void Clear() => NativeMemory.Clear(Data, (nuint)SizeInBytes);

    /// <summary>Sets every amplitude to zero, the memory split over <paramref name="threads"/> threads.</summary>
    internal void Clear(int threads) => StateMemory.Clear(Data, SizeInBytes, threads);

    public override double NormSquared(int threads = 1) => StateReductions.NormSquared(this, threads);

    public override void GetProbabilities(long start, Span<double> destination)
    {
        CheckRange(start, destination.Length);
        var d = Data;
        for (var i = 0; i < destination.Length; i++)
        {
            var p = d + AmplitudeLayout.RealOffset(start + i);
            var re = double.CreateTruncating(p[0]);
            var im = double.CreateTruncating(p[AmplitudeLayout.BlockSize]);
            destination[i] = (re * re) + (im * im);
        }
    }

    public override void CopyTo(long start, Span<Complex> destination)
    {
        CheckRange(start, destination.Length);
        var d = Data;
        for (var i = 0; i < destination.Length; i++)
        {
            var p = d + AmplitudeLayout.RealOffset(start + i);
            destination[i] = new Complex(double.CreateTruncating(p[0]), double.CreateTruncating(p[AmplitudeLayout.BlockSize]));
        }
    }

    public override void CopyFrom(long start, ReadOnlySpan<Complex> source)
    {
        CheckRange(start, source.Length);
        var d = Data;
        for (var i = 0; i < source.Length; i++)
        {
            var p = d + AmplitudeLayout.RealOffset(start + i);
            p[0] = T.CreateTruncating(source[i].Real);
            p[AmplitudeLayout.BlockSize] = T.CreateTruncating(source[i].Imaginary);
        }
    }

    public override void CopyToInterleavedBytes(long start, Span<byte> destination)
    {
        var count = CheckBytes(start, destination.Length);
        var values = MemoryMarshal.Cast<byte, T>(destination);
        var d = Data;
        for (var i = 0; i < count; i++)
        {
            var p = d + AmplitudeLayout.RealOffset(start + i);
            values[2 * i] = p[0];
            values[(2 * i) + 1] = p[AmplitudeLayout.BlockSize];
        }
    }

    public override void CopyFromInterleavedBytes(long start, ReadOnlySpan<byte> source)
    {
        var count = CheckBytes(start, source.Length);
        var values = MemoryMarshal.Cast<byte, T>(source);
        var d = Data;
        for (var i = 0; i < count; i++)
        {
            var p = d + AmplitudeLayout.RealOffset(start + i);
            p[0] = values[2 * i];
            p[AmplitudeLayout.BlockSize] = values[(2 * i) + 1];
        }
    }

    public override StateVector Clone()
    {
        var copy = new StateVector<T>(LocalQubits, GlobalQubits, ShardIndex, _budget);
        copy.CopyFrom(this);
        return copy;
    }

    public override void CopyFrom(StateVector other)
    {
        if (other is not StateVector<T> same || same.LocalQubits != LocalQubits)
        {
            throw new ArgumentException("states differ in precision or size", nameof(other));
        }
        Buffer.MemoryCopy(same.Data, Data, SizeInBytes, SizeInBytes);
    }

    protected override void Dispose(bool disposing)
    {
        if (_data != null)
        {
            StateMemory.Free(_data);
            _data = null;
            _budget.Release(SizeInBytes);
        }
    }

    private void CheckIndex(long index)
    {
        if ((ulong)index >= (ulong)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be below {Length}");
        }
    }

    private void CheckRange(long start, int count)
    {
        if (start < 0 || count < 0 || start + count > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"range [{start}, {start + count}) is outside [0, {Length})");
        }
    }

    private int CheckBytes(long start, int bytes)
    {
        if (bytes % BytesPerAmplitude != 0)
        {
            throw new ArgumentException($"byte count {bytes} is not a multiple of {BytesPerAmplitude}", nameof(bytes));
        }
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("interleaved byte conversion assumes a little-endian machine");
        }
        var count = bytes / BytesPerAmplitude;
        CheckRange(start, count);
        return count;
    }
}
