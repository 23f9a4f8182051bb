using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>128-bit registers: 4 floats or 2 doubles (SSE/AVX on x64, AdvSimd on Arm64).</summary>
internal readonly unsafe struct Vector128Lanes<T> : ILaneOps<T, Vector128<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Lanes => Vector128<T>.Count;

    public static int LaneBits => typeof(T) == typeof(float) ? 2 : 1;

    public static Vector128<T> Zero => Vector128<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(T* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector128<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Splat(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
        return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplySubtract(Vector128<T> a, Vector128<T> b, Vector128<T> c) => MultiplyAdd(-a, b, c);

    /// <summary>Byte indices: a byte shuffle (pshufb on x64, tbl on Arm64) permutes any lane size.</summary>
    public static Vector128<T> LaneIndex(int mask) => LaneTables.ByteXor(typeof(T) == typeof(float) ? 4 : 8, mask).As<byte, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Permute(Vector128<T> value, Vector128<T> index)
    {
        if (Ssse3.IsSupported)
        {
            return Ssse3.Shuffle(value.AsByte(), index.AsByte()).As<byte, T>();
        }
        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.VectorTableLookup(value.AsByte(), index.AsByte()).As<byte, T>();
        }
        return Vector128.Shuffle(value.AsByte(), index.AsByte()).As<byte, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> value) => Vector128.Sum(value);
}
