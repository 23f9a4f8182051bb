using System.Runtime.CompilerServices;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>The one-lane "vector": the scalar path every SIMD path is tested against.</summary>
internal readonly unsafe struct ScalarLanes<T> : ILaneOps<T, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Lanes => 1;

    public static int LaneBits => 0;

    public static T Zero => T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(T* source) => *source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, T value) => *destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Splat(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Subtract(T a, T b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T a, T b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T a, T b, T c) => T.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplySubtract(T a, T b, T c) => T.FusedMultiplyAdd(-a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LaneIndex(int mask) => T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Permute(T value, T index) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(T value) => value;
}
