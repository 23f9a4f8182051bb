using System.Runtime.Intrinsics;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>The one place that looks at the hardware: widest accelerated width first.</summary>
internal static class KernelSelector
{
    public static KernelWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? KernelWidth.Vector512
        : Vector256.IsHardwareAccelerated ? KernelWidth.Vector256
        : Vector128.IsHardwareAccelerated ? KernelWidth.Vector128
        : KernelWidth.Scalar;

    /// <summary>True when <paramref name="width"/> runs on hardware here (scalar always does).</summary>
    public static bool IsAccelerated(KernelWidth width) => width switch
    {
        KernelWidth.Scalar => true,
        KernelWidth.Vector128 => Vector128.IsHardwareAccelerated,
        KernelWidth.Vector256 => Vector256.IsHardwareAccelerated,
        KernelWidth.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary>Every width this machine accelerates, narrowest first.</summary>
    public static IReadOnlyList<KernelWidth> Accelerated { get; } =
        Enum.GetValues<KernelWidth>().Where(IsAccelerated).ToArray();
}
