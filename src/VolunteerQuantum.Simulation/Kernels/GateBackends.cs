using System.Runtime.Intrinsics;

namespace VolunteerQuantum.Simulation.Kernels;

/// <summary>The one place a backend (register width) is chosen for a precision.</summary>
internal static class GateBackends
{
    public static GateBackend<T> Create<T>(KernelWidth? width = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var w = width ?? KernelSelector.Best;
        return w switch
        {
            KernelWidth.Vector512 => new GateBackend<T, Vector512<T>, Vector512Lanes<T>>(w),
            KernelWidth.Vector256 => new GateBackend<T, Vector256<T>, Vector256Lanes<T>>(w),
            KernelWidth.Vector128 => new GateBackend<T, Vector128<T>, Vector128Lanes<T>>(w),
            _ => new GateBackend<T, T, ScalarLanes<T>>(KernelWidth.Scalar),
        };
    }
}
