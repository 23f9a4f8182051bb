using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>256-bit registers: 8 floats or 4 doubles (AVX2 + FMA).</summary>
internal readonly unsafe struct Vector256Lanes<T> : ILaneOps<T, Vector256<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Lanes => Vector256<T>.Count;

    public static int LaneBits => typeof(T) == typeof(float) ? 3 : 2;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector256<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Splat(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
        return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplySubtract(Vector256<T> a, Vector256<T> b, Vector256<T> c) => MultiplyAdd(-a, b, c);

    /// <summary>32-bit lane indices (a double lane is a pair of them), so one AVX2 vpermps serves both precisions.</summary>
    public static Vector256<T> LaneIndex(int mask) => LaneTables.DwordXor(8, typeof(T) == typeof(float) ? mask : mask << 1).AsVector256().As<int, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Permute(Vector256<T> value, Vector256<T> index) =>
        Avx2.IsSupported
            ? Avx2.PermuteVar8x32(value.AsSingle(), index.AsInt32()).As<float, T>()
            : Vector256.Shuffle(value.AsSingle(), index.AsInt32()).As<float, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> value) => Vector256.Sum(value);
}
